/** Request and response shapes of `/board/roster`; the OpenAPI document is generated from them. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { isTimestamp } from '../common/fields';
import {
  appointmentRoles,
  personKinds,
  seatCapacities,
  type AppointmentRole,
  type PersonKind,
  type SeatCapacity,
} from '../../../workflows/roster/roster.types';

/** An instant as the document's `date-time` has it (RFC 3339), passed on in its usual spelling. */
const IsTimestamp = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      isTimestamp(value) ? value.toUpperCase().replace(' ', 'T') : value,
    ),
    ValidateBy({
      name: 'isTimestamp',
      validator: {
        validate: isTimestamp,
        defaultMessage: ({ property }: ValidationArguments) => `${property} must be an ISO 8601 timestamp`,
      },
    }),
  );

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

  @ApiPropertyOptional({ description: 'Start (ISO 8601, not in the past); default now', format: 'date-time' })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({ description: 'End (ISO 8601, exclusive); default none', format: 'date-time' })
  @IsOptional()
  @IsTimestamp()
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

  @ApiPropertyOptional({
    description: 'When it ends (ISO 8601, not in the past); default now',
    format: 'date-time',
  })
  @IsOptional()
  @IsTimestamp()
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
