import type { Kysely, Transaction } from 'kysely';
import type { PartialDB as Workspaces } from '../domain/workspaces/workspace.table.ts';
import type { PartialDB as Members } from '../domain/members/member.table.ts';
import type { PartialDB as Teams } from '../domain/teams/team.table.ts';
import type { PartialDB as Goals } from '../domain/goals/goal.table.ts';
import type { PartialDB as Deals } from '../domain/deals/deal.table.ts';
import type { PartialDB as Audit } from '../domain/audit/audit.table.ts';
import type { PartialDB as MonthTotals } from '../domain/leaderboard/deal-month-total.table.ts';
import type { PartialDB as Conversations } from '../domain/conversations/conversation.table.ts';
import type { PartialDB as Inbound } from './inbound.table.ts';
import type { PartialDB as Training } from '../domain/training/training.table.ts';
import type { PartialDB as Coaching } from '../domain/coaching/coaching.table.ts';
import type { PartialDB as Channels } from '../domain/channels/channel.table.ts';
import type { PartialDB as JobPosts } from './job-post.table.ts';
import type { PartialDB as Feedback } from '../domain/feedback/feedback.table.ts';
import type { PartialDB as Kudos } from '../domain/kudos/kudos.table.ts';
import type { PartialDB as Incentives } from '../domain/incentives/incentive.table.ts';
import type { PartialDB as ExportFiles } from '../domain/csv/export/export-file.table.ts';
import type { PartialDB as ImportRequests } from '../domain/csv/import/chat/import-request.table.ts';

/** The whole schema: the intersection of each concept's own tables. */
export type Database = Workspaces & Members & Teams & Goals & Deals & Audit & MonthTotals & Conversations & Inbound
  & Training & Coaching & Channels & JobPosts & Feedback & Kudos & Incentives & ExportFiles & ImportRequests;

/** A connection or a transaction: repositories accept either. */
export type Db = Kysely<Database> | Transaction<Database>;
