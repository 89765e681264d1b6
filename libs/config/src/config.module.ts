import { DynamicModule, Global, Module } from '@nestjs/common';
import { CFLINK_CONFIG, type CflinkConfig, loadConfig } from './config';

/** Provides the validated configuration to every module under CFLINK_CONFIG. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: CflinkConfig = loadConfig()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: CFLINK_CONFIG, useValue: config }],
      exports: [CFLINK_CONFIG],
    };
  }
}
