import type { Form, Message } from '../messages/message.ts';

export type Platform = 'slack' | 'teams' | 'local';

/** Where a workspace lives: the platform and its own id for it (Slack team id, Teams tenant id). */
export interface WorkspaceRef {
  platform: Platform;
  externalId: string;
  name?: string;
}

/** What kind of conversation: a 1:1 chat with the bot, a group chat, or a channel. */
export type ConversationKind = 'direct' | 'group' | 'channel';

/** A conversation a message can be posted to (channel, DM, group chat). */
export interface ConversationRef {
  platform: Platform;
  workspaceExternalId: string;
  conversationId: string;
  /** Teams: the Bot Framework service URL for the conversation. */
  serviceUrl?: string;
  /** Post into a thread. */
  threadId?: string;
  /** What kind of conversation it is, when the platform says. */
  kind?: ConversationKind;
}

export interface PostedRef {
  conversation: ConversationRef;
  messageId: string;
}

/** What the platform says about a person. */
export interface PlatformProfile {
  userId: string;
  displayName: string;
  /** Workspace owner or admin on the platform itself: always a Pacer admin. */
  isPlatformAdmin: boolean;
  timezone?: string;
  locale?: string;
  isBot?: boolean;
}

/**
 * Everything inbound events share. Mentions in `text` are normalised by the adapter to `<@USERID>`
 * and channel references to `<#CHANNELID>`; everything else is the user's raw text (unescaped).
 */
export interface EventBase {
  workspace: WorkspaceRef;
  userId: string;
  /** Where it happened, so replies and later posts can go there. */
  conversation?: ConversationRef;
  /** The platform's id for this delivery (Slack trigger_id, Teams activity id): handled once. */
  deliveryId?: string;
  /** Profile the platform sent along with the event, if any (saves a lookup). */
  profile?: Partial<PlatformProfile>;
}

export interface CommandEvent extends EventBase {
  /** The command word without the slash: `deal`, `goal`, `leaderboard`, `pacer`. */
  command: string;
  text: string;
}

export interface ActionEvent extends EventBase {
  actionId: string;
  value?: string;
}

export interface FormSubmitEvent extends EventBase {
  formId: string;
  values: Record<string, string | undefined>;
  state?: string;
}

/**
 * Pacer was added to a workspace or a conversation. Idempotent: platforms may announce one install
 * more than once (Teams sends `installationUpdate` and `conversationUpdate`).
 */
export interface InstallEvent {
  workspace: WorkspaceRef;
  installerUserId?: string;
  /** Where it was installed: remembered (with its serviceUrl) so later posts can go there unprompted. */
  conversation?: ConversationRef;
  /**
   * The platform makes whoever installs the app its administrator (Teams: the installer in a team or
   * chat). The core makes the installer a Pacer admin only while the workspace has no admin yet: the
   * first install bootstraps it, and later installers (anyone can add a bot to a new group chat)
   * do not thereby gain admin rights; existing admins grant roles as usual.
   */
  installerIsAdmin?: boolean;
  /** The installer's name, when the event carries it (saves a lookup). */
  profile?: Partial<PlatformProfile>;
}

/**
 * A file someone sent the bot (a CSV dropped into its DM): what the platform says of it, enough to
 * fetch it later (`Outbound.openFile`), in a job, long after the event was answered.
 */
export interface IncomingFile {
  /** `deals.csv`, as the sender named it. */
  name: string;
  /** Its size in bytes, where the platform says before the download (Slack does, Teams does not). */
  size?: number;
  /** The platform's handle for it: a Slack file id, a Teams download URL, a path in the terminal chat. */
  ref: string;
}

export interface FileEvent extends EventBase {
  file: IncomingFile;
}

/** What a command answers: a message, or a form to open (when the platform can). */
export type CommandReply = { kind: 'message'; message: Message } | { kind: 'form'; form: Form; fallback: Message };

/**
 * What a button click answers: the message the button sits on, replaced (what the click did), or a
 * notice beside it (a refusal, a fault) that leaves the message and its buttons as they were, so a
 * rep refused or asked to try again can still press it, and nobody's card is overwritten by
 * somebody else's click.
 */
export type ActionReply = { kind: 'replace'; message: Message } | { kind: 'notice'; message: Message };

/** What a form submit answers: close with a message, or keep the form open with errors per field. */
export type FormResult =
  | { kind: 'done'; message: Message }
  | { kind: 'errors'; errors: Record<string, string> };

/** The inbound port: adapters call it after they have verified and parsed a request. */
export interface Inbound {
  handleCommand(e: CommandEvent): Promise<CommandReply>;
  handleAction(e: ActionEvent): Promise<ActionReply | undefined>;
  handleFormSubmit(e: FormSubmitEvent): Promise<FormResult>;
  handleInstall(e: InstallEvent): Promise<void>;
  /** A file sent to the bot in a 1:1 chat: the answer goes back to that chat (none for a delivery handled before). */
  handleFile(e: FileEvent): Promise<Message | undefined>;
}

/** A finished file to hand someone (a CSV export), already written to disk by the caller. */
export interface OutgoingFile {
  /** Where it is; the caller deletes it once `sendFile` has returned. */
  path: string;
  /** `deals-2026-Q3.csv`: what the recipient's copy is called. */
  name: string;
  /** A title, where the platform shows one beside the file. */
  title: string;
  rows: number;
  /** Whose it is, in Pacer's ids: a platform that serves the file itself (a download link) keeps it under them. */
  owner: { workspaceId: number; memberId: number };
  /** The words of a download link, for a platform that links to the file instead of attaching it. */
  link: { label: string; note: string };
}

/** A file `prepareFile` has readied: where the platform links to a copy Pacer keeps, the link. */
export interface PreparedFile extends OutgoingFile {
  url?: string;
}

/** The outbound port: the core and the jobs call it to reach people. */
export interface Outbound {
  post(to: ConversationRef, message: Message): Promise<PostedRef>;
  update(ref: PostedRef, message: Message): Promise<void>;
  postEphemeral?(to: ConversationRef, userId: string, message: Message): Promise<void>;
  openDirect(workspace: WorkspaceRef, userId: string): Promise<ConversationRef>;
  /**
   * Readies a file before it is sent, outside any transaction: where the platform links to a copy
   * instead of attaching the file (Teams), the copy is kept (in the database) and the link signed.
   * Where it attaches the file, or has no such step, the file comes back as it was.
   */
  prepareFile?(workspace: WorkspaceRef, file: OutgoingFile): Promise<PreparedFile>;
  /**
   * Sends a file with a message about it: attached where the platform can (a Slack file upload, the
   * message its comment), else the message with a link to the copy `prepareFile` kept (a Teams card
   * with a Download button). The message it made, when the platform names one. Makes no database
   * call of its own for a prepared file, so it may run inside a transaction.
   */
  sendFile?(to: ConversationRef, file: PreparedFile, message: Message): Promise<PostedRef | undefined>;
  /**
   * Opens a file someone sent the bot, as a stream of its bytes (a Slack download with the bot's
   * token, a Teams download URL, a local path). Refuses before reading more than `maxBytes` where the
   * platform says the size up front; the reader enforces the limit on the bytes themselves anyway.
   * A file that is gone (deleted, its link expired) fails as a `gone` fault.
   */
  openFile?(workspace: WorkspaceRef, file: IncomingFile): Promise<AsyncIterable<Uint8Array>>;
  /** The platform user behind an e-mail address (Slack `users.lookupByEmail`), where the platform can say. */
  findUserByEmail?(workspace: WorkspaceRef, email: string): Promise<string | undefined>;
}

/** Reads people's profiles from the platform (Slack users.info, Teams roster). */
export interface Directory {
  lookupUser(workspace: WorkspaceRef, userId: string): Promise<PlatformProfile | undefined>;
}
