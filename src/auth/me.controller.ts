/** `GET /auth/me`: who the roster says the caller is now, for the pages (and any client) to show. */
import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { roles, type Caller } from './caller';
import { CurrentCaller } from './current-caller.decorator';

export class MeView {
  @ApiProperty({ example: 'anna-schmidt', description: "The roster's id of the person" }) sub!: string;
  @ApiProperty({ example: 'Anna Schmidt' }) name!: string;
  @ApiProperty({ enum: roles }) role!: string;
  @ApiPropertyOptional({ example: 'DE' }) seat?: string;
  @ApiPropertyOptional({ enum: ['member', 'alternate'] }) capacity?: string;
  @ApiPropertyOptional({ example: 'a-12', description: 'The appointment the caller acts under' })
  appointmentId?: string;
}

@ApiTags('sign-in')
@ApiBearerAuth()
@Controller('auth/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'The caller: the roster person and the appointment they act under now' })
  @ApiResponse({ status: 200, type: MeView })
  me(@CurrentCaller() caller: Caller): MeView {
    return caller;
  }
}
