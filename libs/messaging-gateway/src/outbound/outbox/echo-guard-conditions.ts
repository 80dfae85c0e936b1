import { TABLES } from '../../core/gateway.constants';

/**
 * How long a `processing` inbound row counts as a creation in flight: it is renewed by its
 * heartbeat while alive, and longer than the Messages API client's whole budget (timeouts and
 * retries), short enough that an email whose process died does not hold answers for long.
 */
export const CREATION_IN_FLIGHT_SECONDS = 60;

/**
 * The durable echo guard, read from the inbound rows themselves (no table of its own, so no write
 * per inbound email): SQL conditions over the given SQL expressions.
 *
 * Born from an email: the host message id is the one the Messages API answered for an inbound
 * email (`created_message_id`, partial index `idx_mgw_inbound_created_message`).
 */
export const bornFromEmail = (hostMessageId: string): string =>
  `EXISTS (SELECT 1 FROM ${TABLES.inboundEmails} born WHERE born.created_message_id = ${hostMessageId})`;

/**
 * A creation in flight: an email from the answer's recipient is being processed right now, so
 * the message the host just announced may be that email's own (a host may emit `message.created`
 * before the Messages API has answered us); the answer waits for the id. The sender is written
 * at accept time; partial index `idx_mgw_inbound_processing_sender`.
 */
export const creationInFlightFor = (recipient: string): string =>
  `EXISTS (SELECT 1 FROM ${TABLES.inboundEmails} flight
            WHERE flight.status = 'processing' AND lower(flight.sender_email) = lower(${recipient})
              AND flight.updated_at > now() - make_interval(secs => ${CREATION_IN_FLIGHT_SECONDS}))`;
