# The cflink API, scheduler and engine worker (nest build of each app; the tests are not built).
# Build: docker build -t cflink .   (docker-compose.yml runs it with its services)
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN CFLINK_DATABASE_URL=postgresql://build@localhost/build npx prisma generate \
  && npx nest build api scheduler worker
ENV CFLINK_HOST=0.0.0.0 CFLINK_PORT=8080
EXPOSE 8080
CMD ["sh", "-c", "npx prisma migrate deploy && exec node dist/apps/api/src/main.js"]
