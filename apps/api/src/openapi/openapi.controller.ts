import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { RequestValidator } from './request-validator';

@Controller()
export class OpenApiController {
  constructor(private readonly validator: RequestValidator) {}

  /** The contract itself, for clients and tools. */
  @Get('openapi.json')
  @Public()
  @Header('Cache-Control', 'no-cache')
  document() {
    return this.validator.document;
  }
}
