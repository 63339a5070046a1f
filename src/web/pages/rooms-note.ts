import { html } from '../html.js';

/**
 * Said when Slack could not tell which private channels the reader is in: incidents they may see only
 * as a channel member are left out until it can (never shown by mistake), and they are told so rather
 * than left to think those incidents are gone. Said alike whether or not any such incident exists.
 */
export function roomsNote(roomsKnown: boolean) {
  return roomsKnown
    ? ''
    : html`<p class="notice" id="rooms-unknown" role="status">Slack did not say which private channels you are in just now, so private incidents you see as a channel member are missing from this page. Reload in a minute.</p>`;
}
