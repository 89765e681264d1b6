# The cflink API. Build: docker build -t cflink .   (docker-compose.yml runs it with its services)
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN CFLINK_DATABASE_URL=postgresql://build@localhost/build npx prisma generate && npx tsc -p tsconfig.build.json
ENV CFLINK_HOST=0.0.0.0 CFLINK_PORT=8080
EXPOSE 8080
CMD ["sh", "-c", "npx prisma migrate deploy && exec node dist/apps/api/src/main.js"]
