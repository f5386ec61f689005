/** `GET /board`: the seats, their kinds, who votes and who chairs. */
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BoardDirectory } from '../../board/board-directory';
import { seatKinds } from '../../../workflows/shared/board.types';

export class SeatView {
  @ApiProperty({ example: 'DE' }) code!: string;
  @ApiProperty({ example: 'Germany' }) name!: string;
  @ApiProperty({ enum: seatKinds }) kind!: string;
  @ApiProperty() voting!: boolean;
}

export class ChairView {
  @ApiProperty({ example: 'COM1' }) code!: string;
  @ApiProperty({ example: 'European Commission (chair)' }) name!: string;
}

export class BoardView {
  @ApiProperty() name!: string;
  @ApiProperty({
    type: ChairView,
    nullable: true,
    description: 'The seat that chairs the Board (it has no vote beyond its seat)',
  })
  chair!: ChairView | null;
  @ApiProperty({ type: [SeatView] }) seats!: SeatView[];
  @ApiProperty({ type: [String] }) themes!: string[];
}

@ApiTags('board')
@ApiBearerAuth()
@Controller('board')
export class BoardController {
  constructor(private readonly board: BoardDirectory) {}

  @Get()
  @ApiOperation({ summary: 'The seats of the board' })
  @ApiResponse({ status: 200, type: BoardView })
  get(): BoardView {
    const { name, seats, themes } = this.board.board;
    const chair = this.board.chairCode();
    return {
      name,
      chair: chair ? { code: chair, name: this.board.seat(chair)?.name ?? chair } : null,
      themes,
      seats: seats.map(({ code, name, kind, voting }) => ({ code, name, kind, voting })),
    };
  }
}
