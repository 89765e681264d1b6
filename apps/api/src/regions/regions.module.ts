import { Module } from '@nestjs/common';
import { RegionCatalog } from './region-catalog';
import { RegionsController } from './regions.controller';

@Module({ controllers: [RegionsController], providers: [RegionCatalog], exports: [RegionCatalog] })
export class RegionsModule {}
