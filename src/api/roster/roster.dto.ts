/** Request and response shapes of `/board/roster`; the OpenAPI document is generated from them. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Timestamp } from '../common/fields';
import {
  appointmentRoles,
  personKinds,
  seatCapacities,
  type AppointmentRole,
  type PersonKind,
  type SeatCapacity,
} from '../../../workflows/roster/roster.types';

export class PersonDto {
  @ApiProperty({ example: 'Anna Schmidt', minLength: 1, maxLength: 200 })
  @IsString()
  @IsNotEmpty({ message: 'person.name must name the person' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 'anna.schmidt@ilo-board.example',
    description: "Matched against the identity provider's e-mail claim at sign-in",
    format: 'email',
    maxLength: 320,
  })
  @IsEmail({}, { message: 'person.email must be an e-mail address' })
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({
    enum: personKinds,
    description: 'service: a named integration that signs in with npm run token (default person)',
  })
  @IsOptional()
  @IsIn(personKinds as unknown as string[], {
    message: `person.kind must be one of ${personKinds.join(', ')}`,
  })
  kind?: PersonKind;
}

export class AppointDto {
  @ApiProperty({ type: PersonDto, description: 'Found by e-mail if already on the roster, else added' })
  @ValidateNested()
  @Type(() => PersonDto)
  person!: PersonDto;

  @ApiProperty({ enum: appointmentRoles })
  @IsIn(appointmentRoles as unknown as string[], {
    message: `role must be one of ${appointmentRoles.join(', ')}`,
  })
  role!: AppointmentRole;

  @ApiPropertyOptional({ description: 'For a member: the seat code', example: 'DE' })
  @IsOptional()
  @IsString()
  seat?: string;

  @ApiPropertyOptional({ enum: seatCapacities, description: 'For a member: member (default) or alternate' })
  @IsOptional()
  @IsIn(seatCapacities as unknown as string[], {
    message: `capacity must be one of ${seatCapacities.join(', ')}`,
  })
  capacity?: SeatCapacity;

  // Null, as before, means the default.
  @Timestamp({
    optional: true,
    nullable: true,
    description: 'Start (ISO 8601, not in the past); default now',
  })
  from?: string;

  @Timestamp({ optional: true, nullable: true, description: 'End (ISO 8601, exclusive); default none' })
  until?: string;

  @ApiPropertyOptional({
    description:
      "A member's appointment only: npm run token may mint tokens for it (the seat's own integration)",
  })
  @IsOptional()
  @IsBoolean()
  tokens?: boolean;
}

export class EndAppointmentDto {
  @ApiProperty({ example: 'Left the ministry', minLength: 1, maxLength: 2000 })
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the appointment ends' })
  @MaxLength(2000)
  reason!: string;

  @Timestamp({
    optional: true,
    nullable: true,
    description: 'When it ends (ISO 8601, not in the past); default now',
  })
  at?: string;
}

export class RosterPersonView {
  @ApiProperty({ example: 'anna-schmidt' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: personKinds }) kind!: string;
}

export class AppointmentView {
  @ApiProperty({ example: 'a-12' }) id!: string;
  @ApiProperty() personId!: string;
  @ApiProperty({ description: "The person's name" }) name!: string;
  @ApiProperty({ enum: appointmentRoles }) role!: string;
  @ApiPropertyOptional() seat?: string;
  @ApiPropertyOptional({ enum: seatCapacities }) capacity?: string;
  @ApiProperty({ example: 'alternate for DE' }) label!: string;
  @ApiProperty() from!: string;
  @ApiProperty({ type: String, nullable: true }) until!: string | null;
  @ApiProperty({ description: 'Holds now' }) current!: boolean;
  @ApiProperty({ description: 'npm run token may mint tokens for it' }) tokens!: boolean;
  @ApiProperty() appointedBy!: string;
  @ApiProperty() appointedAt!: string;
  @ApiPropertyOptional() endedBy?: string;
  @ApiPropertyOptional() endReason?: string;
}

export class RosterChangeView {
  @ApiProperty() seq!: number;
  @ApiProperty() at!: string;
  @ApiProperty({ description: 'Who made the change (a person id; seed for the configured roster)' })
  by!: string;
  @ApiProperty({ enum: ['appointed', 'ended'] }) action!: string;
  @ApiProperty() appointmentId!: string;
  @ApiProperty() summary!: string;
  @ApiPropertyOptional() reason?: string;
}

export class RosterResponse {
  @ApiProperty({ description: 'The instant "current" refers to' }) asOf!: string;
  @ApiProperty({ type: [RosterPersonView] }) people!: RosterPersonView[];
  @ApiProperty({ type: [AppointmentView], description: 'Past, current and future, in order of appointment' })
  appointments!: AppointmentView[];
  @ApiProperty({ type: [RosterChangeView], description: 'Every change, oldest first' })
  changes!: RosterChangeView[];
}
