/** The shape of `GET /calls`: one open call for funding, as a member reads it. */
import { ApiProperty } from '@nestjs/swagger';

export class OpenCallView {
  @ApiProperty({ example: 'fr-3f2a…' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'When the submission window opened' }) openedAt!: string;
  @ApiProperty({ description: 'When the submission window closes' }) closesAt!: string;
  @ApiProperty({ description: 'The envelope, in euro cents' }) envelopeCents!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The cap per request, in euro cents' })
  maxRequestCents!: number | null;
  @ApiProperty({ type: [String], description: 'The priorities a request must name' }) priorities!: string[];
  @ApiProperty({ description: "True when the caller's seat may submit a request (member states)" })
  mayRequest!: boolean;
  @ApiProperty({
    type: [String],
    description: "The caller's seat's requests in the round (withdrawn ones left out)",
  })
  yourRequests!: string[];
}
