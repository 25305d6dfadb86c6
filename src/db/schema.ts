/**
 * The tables as TypeScript sees them (Kysely's `Database` type): one interface per table, written by hand next to
 * the migrations that create them (src/db/migrations). A column added by a migration is added here in the same
 * commit. `Generated<T>` = has a default (may be omitted on insert); `ColumnType<S, I, U>` = select/insert/update.
 *
 * Times are `timestamptz` (microsecond precision, so the millisecond timestamps the API shows round-trip).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: read as parsed JSON (pg parses it), written as a JSON string. */
type Json<T> = ColumnType<T, string, string>;

/** Idempotency of accept: one row per comment id ever accepted (unpartitioned, so the id alone is the key). */
export interface CommentKeysTable {
  id: string;
  /** Partition key of the comment's row in `comments`. */
  accepted_at: Timestamp;
  /** SHA-256 (hex) of what makes two submissions "the same comment" (thread, author, text, parent). */
  content_hash: string;
}

/** Comments, partitioned by month of `accepted_at`; primary key (id, accepted_at). */
export interface CommentsTable {
  id: string;
  accepted_at: Timestamp;
  thread_id: string;
  /** The site's section (metadata.section when given), for per-section views. */
  section: string | null;
  author_id: string;
  author_name: string | null;
  parent_id: string | null;
  /** The comment's own created-at, as the site gave it (thread order). */
  created_at: Timestamp;
  text: string;
  metadata: Json<Record<string, unknown>> | null;
  /** queued | scored | held | ... (CommentStatus). */
  status: string;
  verdict: string | null;
  result: Json<unknown> | null;
  scored_at: Timestamp | null;
  /** What the site sees of the review on the comment record (kept by the review store through the comment store). */
  review: Json<unknown> | null;
  text_redacted: Generated<boolean>;
}

export interface ReviewItemsTable {
  /** The comment id. */
  id: string;
  state: string;
  base_state: string;
  priority: number;
  /** Queue position, ascending: (100 - priority) * 1e13 + comment created-at ms while open; -decided ms once decided. */
  position: ColumnType<string, string | number | bigint, string | number | bigint>;
  verdict: string;
  unscored: boolean;
  thread_id: string;
  author_id: string;
  labels: string[];
  slur_categories: string[];
  created_at: Timestamp;
  comment_created_at: Timestamp;
  claimed_by: string | null;
  claimed_role: string | null;
  claimed_at: Timestamp | null;
  lease_until: Timestamp | null;
  decided_by: string | null;
  decided_role: string | null;
  decided_at: Timestamp | null;
  action: string | null;
  reason: string | null;
  note: string | null;
  escalated_by: string | null;
  escalated_at: Timestamp | null;
  escalation_reason: string | null;
  escalation_note: string | null;
  text_redacted: Generated<boolean>;
  version: Generated<number>;
  /** `review` (held by Sieve) or `audit` (published, drawn by AUDIT_SAMPLE_RATE): migration 0002. */
  queue: Generated<string>;
  /** The comment's search key (src/scoring/search-text.ts), trigram-indexed; '' once the text is redacted (0005). */
  search_text: Generated<string>;
  /** The comment's section (metadata.section), for the section filter (0005). */
  section: string | null;
  /** 0006: the comment's near-duplicate group (its own id when alone), `verdict` or `reported`, reader reports. */
  origin: Generated<string>;
  group_id: ColumnType<string | null, string | null | undefined, string | null>;
  reports: Generated<number>;
}

/** The append-only audit log (also each review item's history), partitioned by month of `at`. */
export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  item_id: string;
  actor: string;
  role: string;
  action: string;
  from_state: string | null;
  to_state: string;
  reason: string | null;
  note: string | null;
}

/** The webhook outbox: one row per webhook the site is owed, written with the event; `delivered_at` set once the site answered 2xx. */
export interface WebhookDeliveriesTable {
  id: string;
  event: string;
  payload: Json<unknown>;
  created_at: Generated<Timestamp>;
  delivered_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
  /** Set when the last attempt failed (0002): the reconciler no longer re-queues it. */
  gave_up_at: Timestamp | null;
}

/** The site's own lexicon terms (admin API). */
export interface SiteLexiconTermsTable {
  term: string;
  entry: Json<unknown>;
  updated_at: Generated<Timestamp>;
}

/** Score suggestions sent to the Perspective-compatible `comments:suggestscore` (labelled examples). */
export interface PerspectiveSuggestionsTable {
  id: Generated<string>;
  /** Defaults to now() (the migration from Redis gives the stream entry's time). */
  at: ColumnType<Date, Date | string | undefined, Date | string>;
  suggestion: Json<unknown>;
}

/** 0006: the rule in force on an author. */
export interface AuthorsTable {
  author_id: string;
  rule: string | null;
  rule_by: string | null;
  rule_at: Timestamp | null;
  rule_until: Timestamp | null;
}

/** 0006: every action on an author, append-only. */
export interface AuthorActionsTable {
  id: Generated<string>;
  author_id: string;
  at: Timestamp;
  actor: string;
  role: string;
  action: string;
  until: Timestamp | null;
  note: string | null;
}

/** 0006: a signed comment's near-duplicate group and MinHash. */
export interface NearDuplicatesTable {
  comment_id: string;
  group_id: string;
  at: Timestamp;
  scheme: string;
  minhash: string;
}

/** 0006: LSH band keys, for candidates within the window. */
export interface NearDuplicateBandsTable {
  band: string;
  at: Timestamp;
  comment_id: string;
}

/** 0006: reader reports, one per reporter per comment. */
export interface ReportsTable {
  comment_id: string;
  reporter_id: string;
  reason: string;
  note: string | null;
  at: Timestamp;
}

/** 0006: appeals, one per comment. */
export interface AppealsTable {
  comment_id: string;
  text: string;
  state: Generated<string>;
  created_at: Timestamp;
  original_decider: string | null;
  section: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  message: string | null;
  note: string | null;
}

/** Human decisions as labelled examples (issue #13, migration 0002): no text — it is the comment's, joined while kept. */
export interface DecisionExamplesTable {
  id: Generated<string>;
  comment_id: string;
  /** review | audit | suggestion | appeal (src/domain/examples.ts EXAMPLE_SOURCES). */
  source: string;
  section: string | null;
  /** Sieve's verdict; null for a score suggestion (Sieve did not judge it). */
  verdict: string | null;
  unscored: boolean;
  model_scores: Json<Record<string, number>>;
  matches: Json<unknown[]>;
  outcome: string;
  reason: string | null;
  decided_by: string | null;
  decided_at: Timestamp;
  weight: number;
  /** Per label, the score a person suggested (`comments:suggestscore`). */
  human_labels: Json<Record<string, number>> | null;
  /** Only a suggestion's own text (it names no stored comment); decisions read the comment's. */
  text: string | null;
}

/** Scores of a shadow configuration (SHADOW_*), never acted on, beside the live verdict. */
export interface ShadowScoresTable {
  id: Generated<string>;
  comment_id: string;
  scored_at: Timestamp;
  /** Stable key of the shadow's description (its JSON). */
  shadow: string;
  description: Json<unknown>;
  live_verdict: string;
  shadow_verdict: string;
  live_scores: Json<Record<string, number>>;
  shadow_scores: Json<Record<string, number>>;
  shadow_matches: Json<unknown[]>;
}

/** Threshold changes admins accepted, and their reverts (append-only). */
export interface PolicyChangesTable {
  id: Generated<string>;
  at: Timestamp;
  actor: string;
  role: string;
  kind: string;
  label: string;
  review: number | null;
  reject: number | null;
  previous: Json<{ review: number; reject: number | null }>;
  reverts: string | null;
  note: string | null;
}

export interface Database {
  comment_keys: CommentKeysTable;
  comments: CommentsTable;
  review_items: ReviewItemsTable;
  audit_log: AuditLogTable;
  webhook_deliveries: WebhookDeliveriesTable;
  site_lexicon_terms: SiteLexiconTermsTable;
  perspective_suggestions: PerspectiveSuggestionsTable;
  authors: AuthorsTable;
  author_actions: AuthorActionsTable;
  near_duplicates: NearDuplicatesTable;
  near_duplicate_bands: NearDuplicateBandsTable;
  reports: ReportsTable;
  appeals: AppealsTable;
  decision_examples: DecisionExamplesTable;
  shadow_scores: ShadowScoresTable;
  policy_changes: PolicyChangesTable;
}
