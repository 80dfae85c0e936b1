/**
 * Something in an email a reader (a person, or an AI agent reading the thread) should know
 * about; flagged in the message metadata (`signals`), never a reason to hold the email.
 * - `hidden_text`: text a mail client would not show (removed from the posted text, kept in
 *   `elidedText`), or invisible characters (removed); `detail` says how it was hidden.
 * - `link_mismatch`: a link whose visible text names another domain than the one it opens.
 * - `prompt_injection`: phrasing that addresses instructions to an AI reader; `detail` quotes it.
 * @publicApi
 */
export interface SafetySignal {
  type: 'hidden_text' | 'link_mismatch' | 'prompt_injection';
  detail: string;
}
