# Flink 2.2 with the Kafka SQL connector and cflink's error-handling connectors, for
# docker-compose.yml. The connector comes from the same pinned pom the local data plane uses
# (infra/flink/pom.xml), fetched by Maven; infra/flink-error-handling is built (and tested) here.
FROM maven:3.9-eclipse-temurin-17 AS jars
WORKDIR /build
COPY infra/flink/pom.xml flink/pom.xml
RUN cd flink && mvn -q -B package
COPY infra/flink-error-handling flink-error-handling
RUN cd flink-error-handling && mvn -q -B package

FROM flink:2.2.0-java17
COPY --from=jars /build/flink/target/lib/flink-sql-connector-kafka-*.jar /opt/flink/lib/
COPY --from=jars /build/flink-error-handling/target/flink-error-handling.jar /opt/flink/lib/
