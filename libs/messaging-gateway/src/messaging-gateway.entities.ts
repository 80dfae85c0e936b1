import { EmailThreadMapping } from './threading/email-thread-mapping.entity';
import { ImapCursor } from './ingress/imap/imap-cursor.entity';
import { InboundEmail } from './inbound/inbound-email.entity';
import { OutboundEmail } from './outbound/outbox/outbound-email.entity';
import { Suppression } from './automatic-mail/suppression.entity';

/**
 * The gateway's TypeORM entities. `TypeOrmModule.forRoot({ autoLoadEntities: true })` picks them
 * up; a host listing entities by hand adds this array.
 * @publicApi
 */
export const messagingGatewayEntities = [EmailThreadMapping, InboundEmail, OutboundEmail, ImapCursor, Suppression];
