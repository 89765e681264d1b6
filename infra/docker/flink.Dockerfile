# Flink 2.2 with the Kafka SQL connector, for docker-compose.yml. The connector comes from the
# same pinned pom the local data plane uses (infra/flink/pom.xml), fetched by Maven.
FROM maven:3.9-eclipse-temurin-17 AS jars
WORKDIR /build
COPY infra/flink/pom.xml .
RUN mvn -q -B package

FROM flink:2.2.0-java17
COPY --from=jars /build/target/lib/flink-sql-connector-kafka-*.jar /opt/flink/lib/
