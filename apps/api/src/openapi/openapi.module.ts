import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CFLINK_CONFIG, type CflinkConfig } from '#config';
import { loadOpenApiDocument, withCrnAuthority } from './openapi-document';
import { OpenApiController } from './openapi.controller';
import { RequestValidator } from './request-validator';
import { RouteContract } from './route-contract';

@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [OpenApiController],
  providers: [
    {
      provide: RequestValidator,
      useFactory: (config: CflinkConfig) =>
        new RequestValidator(withCrnAuthority(loadOpenApiDocument(), config.crnAuthority)),
      inject: [CFLINK_CONFIG],
    },
    RouteContract,
  ],
  exports: [RequestValidator],
})
export class OpenApiModule {}
