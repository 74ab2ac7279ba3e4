# One image recipe for the four services. Build the jars first (./mvnw -DskipTests package);
# docker-compose.yml passes SERVICE (ingest-service, transcode-service, delivery-service,
# admin-service).
FROM eclipse-temurin:17-jre
ARG SERVICE
WORKDIR /app
COPY ${SERVICE}/target/lib/ lib/
COPY ${SERVICE}/target/${SERVICE}.jar service.jar
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
