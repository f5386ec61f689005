/**
 * Lets a route take its token as `?access_token=` too: calendar applications subscribe to a URL
 * and cannot send an Authorization header. Only the .ics feeds use it.
 */
import { SetMetadata } from '@nestjs/common';

export const QUERY_TOKEN = 'queryToken';
export const AllowQueryToken = () => SetMetadata(QUERY_TOKEN, true);
