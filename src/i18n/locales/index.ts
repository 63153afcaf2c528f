import type { Locale } from '../locale.ts';
import enCoaching from './en/coaching.json' with { type: 'json' };
import enCommon from './en/common.json' with { type: 'json' };
import enDeals from './en/deals.json' with { type: 'json' };
import enDiagnosis from './en/diagnosis.json' with { type: 'json' };
import enDigest from './en/digest.json' with { type: 'json' };
import enExports from './en/exports.json' with { type: 'json' };
import enFeedback from './en/feedback.json' with { type: 'json' };
import enGoals from './en/goals.json' with { type: 'json' };
import enImports from './en/imports.json' with { type: 'json' };
import enIncentives from './en/incentives.json' with { type: 'json' };
import enKudos from './en/kudos.json' with { type: 'json' };
import enLeaderboard from './en/leaderboard.json' with { type: 'json' };
import enMoney from './en/money.json' with { type: 'json' };
import enPace from './en/pace.json' with { type: 'json' };
import enPacer from './en/pacer.json' with { type: 'json' };
import enRecognition from './en/recognition.json' with { type: 'json' };
import enTime from './en/time.json' with { type: 'json' };
import enTraining from './en/training.json' with { type: 'json' };
import slCoaching from './sl/coaching.json' with { type: 'json' };
import slCommon from './sl/common.json' with { type: 'json' };
import slDeals from './sl/deals.json' with { type: 'json' };
import slDiagnosis from './sl/diagnosis.json' with { type: 'json' };
import slDigest from './sl/digest.json' with { type: 'json' };
import slExports from './sl/exports.json' with { type: 'json' };
import slFeedback from './sl/feedback.json' with { type: 'json' };
import slGoals from './sl/goals.json' with { type: 'json' };
import slImports from './sl/imports.json' with { type: 'json' };
import slIncentives from './sl/incentives.json' with { type: 'json' };
import slKudos from './sl/kudos.json' with { type: 'json' };
import slLeaderboard from './sl/leaderboard.json' with { type: 'json' };
import slMoney from './sl/money.json' with { type: 'json' };
import slPace from './sl/pace.json' with { type: 'json' };
import slPacer from './sl/pacer.json' with { type: 'json' };
import slRecognition from './sl/recognition.json' with { type: 'json' };
import slTime from './sl/time.json' with { type: 'json' };
import slTraining from './sl/training.json' with { type: 'json' };

/** The text of one message file: nested keys down to strings. */
export interface MessageTree {
  readonly [key: string]: string | MessageTree;
}

/**
 * Every message file, listed here rather than found on disk so that loading is static and bundles
 * stay honest. The name is the file's top-level key: `deals.json` holding `{"error":{"amount":…}}`
 * gives `deals.error.amount`. Add a namespace with one line naming its file in every locale (the type
 * refuses a namespace missing a locale); a test checks that every file on disk is listed here.
 */
export const namespaces = {
  coaching: { en: enCoaching, sl: slCoaching },
  common: { en: enCommon, sl: slCommon },
  deals: { en: enDeals, sl: slDeals },
  diagnosis: { en: enDiagnosis, sl: slDiagnosis },
  digest: { en: enDigest, sl: slDigest },
  exports: { en: enExports, sl: slExports },
  feedback: { en: enFeedback, sl: slFeedback },
  goals: { en: enGoals, sl: slGoals },
  imports: { en: enImports, sl: slImports },
  incentives: { en: enIncentives, sl: slIncentives },
  kudos: { en: enKudos, sl: slKudos },
  leaderboard: { en: enLeaderboard, sl: slLeaderboard },
  money: { en: enMoney, sl: slMoney },
  pace: { en: enPace, sl: slPace },
  pacer: { en: enPacer, sl: slPacer },
  recognition: { en: enRecognition, sl: slRecognition },
  time: { en: enTime, sl: slTime },
  training: { en: enTraining, sl: slTraining },
} satisfies Record<string, Record<Locale, MessageTree>>;
