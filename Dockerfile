# The cflink API, scheduler and engine worker (nest build of each app; the tests are not built).
# Build: docker build -t cflink .   (docker-compose.yml runs it with its services)
# The scheduler sets the broker's SCRAM credentials through a small Java tool
# (infra/kafka-admin, on Kafka's client jars): it is built in the first stage and run on a JRE.
FROM maven:3.9-eclipse-temurin-17 AS jars
WORKDIR /build
COPY infra/kafka/pom.xml kafka/pom.xml
RUN cd kafka && mvn -q -B package
COPY infra/kafka-admin kafka-admin
RUN cd kafka-admin && rm -rf target && mvn -q -B package

FROM node:20-bookworm-slim
RUN apt-get update -qq \
  && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
COPY --from=jars /build/kafka/target/lib infra/kafka/target/lib
COPY --from=jars /build/kafka-admin/target/kafka-admin.jar infra/kafka-admin/target/kafka-admin.jar
RUN CFLINK_DATABASE_URL=postgresql://build@localhost/build npx prisma generate \
  && npx nest build api scheduler worker
ENV CFLINK_HOST=0.0.0.0 CFLINK_PORT=8080
EXPOSE 8080
CMD ["sh", "-c", "npx prisma migrate deploy && exec node dist/apps/api/src/main.js"]
