/**
 * A Zoom event as delivered: the same body as a webhook. The catalog of typed
 * events narrows this per `event` name; unknown names keep this generic shape.
 */
export interface ZoomEvent {
  event: string;
  /** Epoch milliseconds (numeric strings from Zoom are normalised to numbers). */
  event_ts: number;
  download_token?: string;
  payload: ZoomEventPayload;
  [key: string]: unknown;
}

export interface ZoomEventPayload {
  account_id?: string;
  operator?: string;
  operator_id?: string;
  object?: Record<string, unknown>;
  old_object?: Record<string, unknown>;
  [key: string]: unknown;
}
