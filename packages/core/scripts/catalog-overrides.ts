/**
 * Hand-tuning of the generated event catalog. The generator (generate-catalog.ts) infers each
 * event type from its one sample; what one sample cannot tell is decided here, so that
 * regenerating keeps it. Event patterns are globs: `*` matches any run of characters.
 */

export type PrimitiveOverride = "string" | "number" | "boolean" | "id" | "unknown";

export interface CatalogOverrides {
  /**
   * Samples whose `event` field differs from their file name, with what was decided. The
   * catalog names every type after its file; `aliases` adds the sample's own name where it
   * may be real. A mismatch not listed here stops the generator.
   */
  sampleEventNames: Record<string, { event: string; note: string }>;
  /** Further names under which Zoom may send a type (the same schema, another `event`). */
  aliases: Record<string, readonly string[]>;
  /** Sample types left out of the catalog, with the reason; they are delivered as generic events. */
  exclude: Record<string, string>;
  /**
   * Fields that define an event: required, where the generator makes every other field
   * optional (a sample is one instance; Zoom omits fields). `[]` steps into array items.
   * Paths a sample does not have are ignored.
   */
  required: ReadonlyArray<{ events: string; paths: readonly string[] }>;
  /** Field types one sample gets wrong (e.g. an id that is a number here and a string elsewhere). */
  types: ReadonlyArray<{ events: string; path: string; as: PrimitiveOverride }>;
  /** Event-name prefixes filed under another domain (file) of the catalog. */
  domains: Record<string, string>;
}

export const overrides: CatalogOverrides = {
  sampleEventNames: {
    "contact_center.queue_deleted": {
      event: "contact_center.queue_created",
      note: "copy of the queue_created sample's name",
    },
    "contact_center.user_skills_assigned": {
      event: "contact_center.user_skills_assigned.",
      note: "trailing dot in the documentation",
    },
    "group.member_deleted": { event: "group.members_deleted", note: "both spellings catalogued" },
    "quality_management.evaluation_completed": {
      event: "quality_management.interaction_analysis_completed",
      note: "copy of another sample's name",
    },
    "revenue_accelerator.conversation_analysis_completed": {
      event: "revenue_accelerator.conversation_analysis_completed ",
      note: "trailing space in the documentation",
    },
    "revenue_accelerator.conversation_crm_associations_changed": {
      event: "revenue_accelerator.deal_conversation_associations_changed",
      note: "excluded, see below",
    },
    "rtms.concurrency_limited": {
      event: "meeting.rtms_concurrency_limited",
      note: "both names catalogued (meeting.rtms_concurrency_near_limit exists too)",
    },
    "session.recording_transcript_failed": {
      event: "session.recording_transcript_completed",
      note: "copy of the completed sample's name",
    },
    "team_chat.shared_spaces_edited": {
      event: "team_chat.shared_spaces_edit",
      note: "both names catalogued",
    },
    "whiteboard.share_settings_updated": {
      event: "whiteboard.share_setting_updated",
      note: "both names catalogued",
    },
    "workspace.reservation_update": { event: "workspace.reservation_updated", note: "both names catalogued" },
    "zoomroom.digital_signage_app_started": {
      event: "zoomroom.digital_signage_play_started",
      note: "both names catalogued",
    },
  },
  aliases: {
    "group.member_deleted": ["group.members_deleted"],
    "rtms.concurrency_limited": ["meeting.rtms_concurrency_limited"],
    "team_chat.shared_spaces_edited": ["team_chat.shared_spaces_edit"],
    "whiteboard.share_settings_updated": ["whiteboard.share_setting_updated"],
    "workspace.reservation_update": ["workspace.reservation_updated"],
    "zoomroom.digital_signage_app_started": ["zoomroom.digital_signage_play_started"],
  },
  exclude: {
    app_deauthorized:
      "a Marketplace deauthorization notice, not a subscription event: no event_ts in the envelope",
    bot_installed: "a Team Chat chatbot callback, not a subscription event: no event_ts in the envelope",
    "revenue_accelerator.conversation_crm_associations_changed":
      "too uncertain to type: its payload.object is an array (every other event's is an object) and the sample names another event",
  },
  required: [
    { events: "meeting.*", paths: ["payload.object.id", "payload.object.uuid"] },
    { events: "webinar.*", paths: ["payload.object.id", "payload.object.uuid"] },
    { events: "recording.*", paths: ["payload.object.id", "payload.object.uuid"] },
    { events: "meeting.participant_*", paths: ["payload.object.participant"] },
    { events: "webinar.participant_*", paths: ["payload.object.participant"] },
    { events: "session.user_*", paths: ["payload.object.user"] },
    { events: "meeting.sharing_*", paths: ["payload.object.participant"] },
    { events: "webinar.sharing_*", paths: ["payload.object.participant"] },
    {
      events: "recording.completed",
      paths: [
        "payload.object.recording_files",
        "payload.object.recording_files[].id",
        "payload.object.recording_files[].file_type",
        "payload.object.recording_files[].recording_type",
        "payload.object.recording_files[].download_url",
      ],
    },
    { events: "recording.*", paths: ["payload.object.recording_files"] },
    { events: "user.*", paths: ["payload.object.id"] },
    { events: "phone.*", paths: ["payload.object.call_id"] },
    { events: "team_chat.*", paths: ["payload.object.channel_id", "payload.object.message_id"] },
  ],
  types: [
    // Meeting and webinar ids: a number in most events, a numeric string in others.
    { events: "meeting.*", path: "payload.object.id", as: "id" },
    { events: "webinar.*", path: "payload.object.id", as: "id" },
    { events: "recording.*", path: "payload.object.id", as: "id" },
  ],
  domains: {
    chat_channel: "team_chat",
    chat_message: "team_chat",
    bot_notification: "chatbot",
    bot_installed: "chatbot",
    interactive_message_actions: "chatbot",
    interactive_message_editable: "chatbot",
    interactive_message_fields_editable: "chatbot",
    interactive_message_select: "chatbot",
    rtms: "meeting",
    app: "app",
    app_deauthorized: "app",
  },
};
