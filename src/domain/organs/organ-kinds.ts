// The kinds of organ a council has. Working groups and study groups come and go per topic.
export const ORGAN_KINDS = ["general_assembly", "board", "section", "study_group", "working_group"] as const;
export type OrganKind = (typeof ORGAN_KINDS)[number];

const WORDS: Record<string, OrganKind> = {
  general_assembly: "general_assembly",
  総会: "general_assembly",
  assembly: "general_assembly",
  board: "board",
  幹事会: "board",
  section: "section",
  部会: "section",
  study_group: "study_group",
  研究会: "study_group",
  検討会: "study_group",
  working_group: "working_group",
  wg: "working_group",
  ワーキンググループ: "working_group",
};

export function parseOrganKind(text: string): OrganKind | undefined {
  return WORDS[text.normalize("NFKC").trim().toLowerCase()];
}

export const SEAT_ROLES = ["chair", "vice_chair", "member"] as const;
export type SeatRole = (typeof SEAT_ROLES)[number];
