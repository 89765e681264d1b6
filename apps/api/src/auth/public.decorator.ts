import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'cflink:public';

/** Serves the route without authentication (health and the OpenAPI document only). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
