import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { loadOpenApiDocument } from './openapi-document';
import { OpenApiController } from './openapi.controller';
import { RequestValidator } from './request-validator';
import { RouteContract } from './route-contract';

@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [OpenApiController],
  providers: [
    { provide: RequestValidator, useFactory: () => new RequestValidator(loadOpenApiDocument()) },
    RouteContract,
  ],
  exports: [RequestValidator],
})
export class OpenApiModule {}
