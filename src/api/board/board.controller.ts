/** `GET /board`: the seats, their kinds and who votes. */
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

export class BoardView {
  @ApiProperty() name!: string;
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
    return {
      name,
      themes,
      seats: seats.map(({ code, name, kind, voting }) => ({ code, name, kind, voting })),
    };
  }
}
