/**
 * Refuses a body, query or path parameter holding the NUL character anywhere (see
 * ./nul-characters): 400 naming the field, or 404 for a path parameter, since nothing has such a
 * name. Global and before validation, so no field can forget it.
 */
import {
  BadRequestException,
  Injectable,
  NotFoundException,
  type ArgumentMetadata,
  type PipeTransform,
} from '@nestjs/common';
import { fieldMessages } from './field-messages';
import { nulCharacterAt } from './nul-characters';

@Injectable()
export class NulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Only what the client sent: not the caller a decorator resolved.
    if (metadata.type === 'custom') return value;
    const field = nulCharacterAt(value, metadata.data ?? '');
    if (field === null) return value;
    if (metadata.type === 'param') throw new NotFoundException(fieldMessages.nulInPath(field));
    throw new BadRequestException(fieldMessages.nulCharacter(field || metadata.type));
  }
}
