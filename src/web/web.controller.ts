/** The site's front door: `/` leads to the pages under `/app/`. */
import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';

@ApiExcludeController()
@Controller()
export class WebController {
  @Get()
  @Public()
  @Redirect('/app/', 302)
  home(): void {
    // The redirect says it all.
  }
}
