// The demo council: the Chiba council's 56 member bodies (from its FY2017 report) with a few demo people
// and three organs, so a newcomer can talk to Kyodo as a real member would. Names of people are invented.
export const DEMO_COUNCIL = {
  slug: "chiba",
  name: "千葉県電子自治体共同運営協議会",
  nameEn: "Chiba Prefecture e-Government Joint Operation Council",
};

export interface DemoPerson {
  handle: string;
  displayName: string;
  email: string;
  locale: "ja" | "en";
  roles: Array<"secretariat" | "admin">;
  /** body names (as in the CSV) the person works for */
  bodies: string[];
  /** the body's primary contact (担当者の窓口), reminded first */
  primary: boolean;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    handle: "yamada",
    displayName: "山田 花子",
    email: "yamada@pref.chiba.example.jp",
    locale: "ja",
    roles: ["secretariat", "admin"],
    bodies: ["千葉県"],
    primary: true,
  },
  {
    handle: "sato",
    displayName: "佐藤 一郎",
    email: "sato@city.chiba.example.jp",
    locale: "ja",
    roles: [],
    bodies: ["千葉市"],
    primary: true,
  },
  {
    handle: "suzuki",
    displayName: "鈴木 次郎",
    email: "suzuki@city.chiba.example.jp",
    locale: "ja",
    roles: [],
    bodies: ["千葉市"],
    primary: false,
  },
  {
    handle: "takahashi",
    displayName: "高橋 美咲",
    email: "takahashi@city.choshi.example.jp",
    locale: "ja",
    roles: [],
    bodies: ["銚子市"],
    primary: true,
  },
  {
    handle: "tanaka",
    displayName: "田中 健",
    email: "tanaka@city.abiko.example.jp",
    locale: "ja",
    roles: [],
    bodies: ["我孫子市"],
    primary: true,
  },
  {
    handle: "watanabe",
    displayName: "渡辺 直子",
    email: "watanabe@city.kamagaya.example.jp",
    locale: "ja",
    roles: [],
    bodies: ["鎌ケ谷市"],
    primary: true,
  },
  {
    handle: "smith",
    displayName: "John Smith",
    email: "smith@city.ichikawa.example.jp",
    locale: "en",
    roles: [],
    bodies: ["市川市"],
    primary: true,
  },
];

/** 幹事会: the prefecture chairs; twelve cities sit on it. */
export const DEMO_BOARD = [
  "千葉県",
  "千葉市",
  "銚子市",
  "市川市",
  "船橋市",
  "松戸市",
  "野田市",
  "成田市",
  "佐倉市",
  "柏市",
  "市原市",
  "浦安市",
  "我孫子市",
];

/** 電子申請部会: the 21 bodies that registered e-application procedures in FY2017. */
export const DEMO_EAPPLICATION_SECTION = [
  "千葉県",
  "千葉市",
  "松戸市",
  "野田市",
  "成田市",
  "佐倉市",
  "旭市",
  "習志野市",
  "柏市",
  "勝浦市",
  "流山市",
  "八千代市",
  "我孫子市",
  "浦安市",
  "印西市",
  "白井市",
  "多古町",
  "九十九里町",
  "芝山町",
  "白子町",
  "長南町",
];

/** Who represents which body on which organ (organ slug → body name → person handle). */
export const DEMO_REPRESENTATIVES: Record<string, Record<string, string>> = {
  sokai: { 千葉県: "yamada", 千葉市: "sato", 銚子市: "takahashi", 我孫子市: "tanaka", 鎌ケ谷市: "watanabe", 市川市: "smith" },
  kanjikai: { 千葉県: "yamada", 千葉市: "sato", 銚子市: "takahashi", 我孫子市: "tanaka", 市川市: "smith" },
  "denshi-shinsei": { 千葉市: "sato", 我孫子市: "tanaka" },
};

/** suzuki stands in for sato on the board (delegation with no end date). */
export const DEMO_ALTERNATES = [{ organ: "kanjikai", body: "千葉市", handle: "suzuki" }];
