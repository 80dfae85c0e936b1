import { EmailThreadMapping } from './entities/email-thread-mapping.entity';
import { ImapCursor } from './entities/imap-cursor.entity';
import { InboundEmail } from './entities/inbound-email.entity';
import { OutboundEmail } from './entities/outbound-email.entity';
import { Suppression } from './entities/suppression.entity';

/**
 * The gateway's TypeORM entities. `TypeOrmModule.forRoot({ autoLoadEntities: true })` picks them
 * up; a host listing entities by hand adds this array.
 * @publicApi
 */
export const messagingGatewayEntities = [EmailThreadMapping, InboundEmail, OutboundEmail, ImapCursor, Suppression];
