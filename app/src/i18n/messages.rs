//! The message table: one line per user-facing string, Chinese first, then English.
//!
//! The table has two parts. `browser` holds every message the islands' code can show (the
//! pre-check, the kiosk, read-aloud and the staff session warning, and the modules they use);
//! the WebAssembly carries their names. `server` holds the rest, which only the server
//! renders. A test follows the islands' modules and fails when one of them names a message of
//! the `server` part (`every_message_the_islands_name_is_carried_by_the_browser`).
//!
//! The `browser` part's texts do not travel in the WebAssembly either (both languages, about
//! ten kilobytes compressed, loaded by every page with an island, kiosks' included): a page whose
//! islands show messages carries them in its own language, as a JSON data block next to the
//! island ([`browser_texts`]), and the browser reads that block on first use.

use super::Locale;
use std::sync::OnceLock;

macro_rules! messages {
    (
        browser { $($b:ident => $bzh:literal, $ben:literal;)* }
        server { $($s:ident => $szh:literal, $sen:literal;)* }
    ) => {
        /// A user-facing string, translated by [`Msg::text`].
        ///
        /// Serialised by its name (`"SiteName"`), as a derived enum would be, but through a
        /// string of names rather than derived code: the derived visitor and serializer matched
        /// every name in turn, about a hundred kilobytes of the browser's WebAssembly.
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum Msg { $($b,)* $($s,)* }

        /// The `browser` part's Chinese and English texts, in the order of [`Msg`]'s variants,
        /// each ended by a NUL: one string rather than a table of pointers. On the server only:
        /// the browser reads them from the page ([`browser_texts`]).
        #[cfg(feature = "ssr")]
        const BROWSER_TEXTS: &str = concat!($($bzh, "\0", $ben, "\0",)*);

        /// How many messages the `browser` part holds: they come first among [`Msg`]'s variants.
        const BROWSER_COUNT: usize = [$(stringify!($b),)*].len();

        /// The `server` part's texts, likewise; not in the WebAssembly.
        #[cfg(feature = "ssr")]
        const SERVER_TEXTS: &str = concat!($($szh, "\0", $sen, "\0",)*);

        /// The `browser` part's names, in the order of [`Msg`]'s variants, each ended by a
        /// comma (the islands' properties name their messages: a problem at a field).
        const BROWSER_NAMES: &str = concat!($(stringify!($b), ",",)*);

        /// The `server` part's names, likewise; not in the WebAssembly.
        #[cfg(feature = "ssr")]
        const SERVER_NAMES: &str = concat!($(stringify!($s), ",",)*);

        impl Msg {
            /// Every message, for completeness checks and for reading a name back.
            pub const ALL: &'static [Msg] = &[$(Msg::$b,)* $(Msg::$s,)*];
        }
    };
}

/// The pieces of a string of pieces each ended by `end`, indexed once on first use.
fn pieces(
    all: &'static str,
    end: char,
    index: &'static OnceLock<Vec<&'static str>>,
) -> &'static [&'static str] {
    index.get_or_init(|| all.split_terminator(end).collect())
}

static BROWSER_NAME_INDEX: OnceLock<Vec<&'static str>> = OnceLock::new();

/// The `browser` part's texts on the server: compiled in, both languages.
#[cfg(feature = "ssr")]
mod browser_part {
    use super::*;

    static TEXT_INDEX: OnceLock<Vec<&'static str>> = OnceLock::new();

    pub fn texts() -> &'static [&'static str] {
        pieces(BROWSER_TEXTS, '\0', &TEXT_INDEX)
    }

    pub fn text(at: usize, locale: Locale) -> &'static str {
        texts()[at * 2 + language(locale)]
    }
}

/// The `browser` part's texts in the browser: the page's language only, read once from the data
/// block [`browser_texts`] put in the page. A page without one (no island there shows a message)
/// reads as empty texts.
#[cfg(not(feature = "ssr"))]
mod browser_part {
    use super::*;

    static PAGE_TEXTS: OnceLock<Vec<Box<str>>> = OnceLock::new();

    #[cfg(feature = "hydrate")]
    fn from_page() -> Vec<Box<str>> {
        let Some(block) = gloo::utils::document().get_element_by_id(TEXTS_ID) else {
            leptos::logging::warn!("this page carries no message texts (#{TEXTS_ID})");
            return Vec::new();
        };
        let json = block.text_content().unwrap_or_default();
        match js_sys::JSON::parse(&json) {
            Ok(list) => js_sys::Array::from(&list)
                .iter()
                .map(|text| text.as_string().unwrap_or_default().into_boxed_str())
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    #[cfg(not(feature = "hydrate"))]
    fn from_page() -> Vec<Box<str>> {
        Vec::new()
    }

    pub fn text(at: usize, _locale: Locale) -> &'static str {
        PAGE_TEXTS
            .get_or_init(from_page)
            .get(at)
            .map(|text| &**text)
            .unwrap_or_default()
    }
}

/// The `id` of a page's data block of the `browser` part's texts.
pub const TEXTS_ID: &str = "bianmin-texts";

/// The `browser` part's texts in one language, in [`Msg`]'s order, as a JSON array fit for a
/// `<script type="application/json">` block: every `<` is written `\u003c`, so no text can end
/// the block or open a comment in it.
#[cfg(feature = "ssr")]
pub fn browser_texts_json(locale: Locale) -> String {
    let texts: Vec<&str> = (0..BROWSER_COUNT)
        .map(|at| browser_part::text(at, locale))
        .collect();
    data_block_json(&texts)
}

/// Texts as a JSON array with every `<` escaped (`\u003c`, still the same JSON string).
#[cfg(feature = "ssr")]
fn data_block_json(texts: &[&str]) -> String {
    serde_json::to_string(texts)
        .unwrap_or_else(|_| "[]".into())
        .replace('<', "\\u003c")
}

/// The data block of the `browser` part's texts in the page's language. Every page component
/// that renders an island showing messages renders this beside it (outside the island, which
/// hydration would otherwise walk); in the browser it renders nothing.
pub fn browser_texts(locale: Locale) -> impl leptos::IntoView {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::*;
        view! { <script type="application/json" id=TEXTS_ID inner_html=browser_texts_json(locale)></script> }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = locale;
    }
}

fn language(locale: Locale) -> usize {
    match locale {
        Locale::ZhCn => 0,
        Locale::En => 1,
    }
}

/// The `server` part's texts and names: there only where the server's code is built.
#[cfg(feature = "ssr")]
mod server_part {
    use super::*;

    static TEXT_INDEX: OnceLock<Vec<&'static str>> = OnceLock::new();
    static NAME_INDEX: OnceLock<Vec<&'static str>> = OnceLock::new();

    pub fn texts() -> &'static [&'static str] {
        pieces(SERVER_TEXTS, '\0', &TEXT_INDEX)
    }

    pub fn names() -> &'static [&'static str] {
        pieces(SERVER_NAMES, ',', &NAME_INDEX)
    }
}

/// In the browser the `server` part has neither texts nor names; the test named at the top
/// keeps the islands from asking for them.
#[cfg(not(feature = "ssr"))]
mod server_part {
    pub fn texts() -> &'static [&'static str] {
        &[]
    }

    pub fn names() -> &'static [&'static str] {
        &[]
    }
}

impl Msg {
    /// The message in the given language.
    pub fn text(self, locale: Locale) -> &'static str {
        let at = self as usize;
        if at < BROWSER_COUNT {
            browser_part::text(at, locale)
        } else {
            let at = (at - BROWSER_COUNT) * 2 + language(locale);
            server_part::texts().get(at).copied().unwrap_or_default()
        }
    }

    /// Whether the browser's WebAssembly carries this message's text (its `browser` part).
    pub fn in_browser(self) -> bool {
        (self as usize) < BROWSER_COUNT
    }

    /// The message's name, as written in the table (and as serialised).
    pub fn name(self) -> &'static str {
        let at = self as usize;
        if at < BROWSER_COUNT {
            pieces(BROWSER_NAMES, ',', &BROWSER_NAME_INDEX)[at]
        } else {
            let at = at - BROWSER_COUNT;
            server_part::names().get(at).copied().unwrap_or_default()
        }
    }

    /// The message of that name.
    pub fn from_name(name: &str) -> Option<Msg> {
        let browser = pieces(BROWSER_NAMES, ',', &BROWSER_NAME_INDEX);
        let at = browser.iter().position(|n| *n == name).or_else(|| {
            let server = server_part::names().iter().position(|n| *n == name)?;
            Some(BROWSER_COUNT + server)
        })?;
        Msg::ALL.get(at).copied()
    }
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit_variant("Msg", *self as u32, self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Msg {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Msg, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = Msg;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a message name")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Msg, E> {
                Msg::from_name(name).ok_or_else(|| E::custom("unknown message name"))
            }
        }
        deserializer.deserialize_str(Name)
    }
}

messages! {
    // Used by the islands (see `BROWSER_TEXTS`): the browser carries these texts.
    browser {
        SiteName => "便民", "Bianmin";
        SampleData => "示例数据", "sample data";
        InputInvalid => "输入有误，请检查标出的项目。", "Some input is not valid; please check the marked fields.";
        ResourceNotFound => "找不到所请求的内容。", "The requested item was not found.";
        MembersNone => "请至少填写一位家庭成员。", "Add at least one household member.";
        MembersTooMany => "家庭成员最多 30 人。", "A household can have at most 30 members.";
        AgeOutOfRange => "年龄应在 0 到 130 岁之间。", "Age must be between 0 and 130.";
        DisabilityGradeOutOfRange => "残疾等级应为一级到四级。", "The disability grade must be 1 to 4.";
        DisabilityKindAndGrade => "请同时选择残疾类别和等级。", "Choose both the kind and the grade of disability.";
        AmountOutOfRange => "金额不能为负数，也不能超过一亿元。", "Amounts cannot be negative or above ¥100 million.";
        IncomeRangeReversed => "收入范围的下限不能高于上限。", "The lower end of the income range cannot be above the upper end.";
        CountOutOfRange => "数量应在 0 到 20 之间。", "The number must be between 0 and 20.";
        ProgramDibao => "最低生活保障（低保）", "Minimum living allowance (dibao)";
        ProgramLowIncome => "低保边缘家庭", "Near-dibao (low-income) household";
        ProgramTekun => "特困人员救助供养", "Extreme-poverty support (tekun)";
        ProgramTemporary => "临时救助", "Temporary assistance";
        ProgramDisabilityLiving => "困难残疾人生活补贴", "Living subsidy for disabled people in need";
        ProgramDisabilityCare => "重度残疾人护理补贴", "Care subsidy for severely disabled people";
        ProgramElderlyAllowance => "高龄津贴", "Old-age allowance";
        ProgramElderlyCare => "经济困难老年人补贴", "Subsidy for elderly people in financial difficulty";
        ProgramOrphan => "孤儿基本生活保障", "Orphan living allowance";
        ProgramDeFactoOrphan => "事实无人抚养儿童保障", "Allowance for children without effective care";
        ProgramFuneralBenefit => "惠民殡葬（基本殡葬服务减免）", "Free or reduced basic funeral services";
        StatusLikely => "很可能符合", "Likely";
        StatusPossible => "可能符合", "Possible";
        StatusUnlikely => "不太可能符合", "Unlikely";
        ReasonIncomePerPerson => "家庭人均月收入 {per_person}；低保标准为每人每月 {standard}。",
            "Household income per person is {per_person} a month; the dibao standard is {standard} per person a month.";
        ReasonIncomeRangePerPerson => "家庭人均月收入在 {low} 到 {high} 之间；低保标准为每人每月 {standard}。",
            "Household income per person is between {low} and {high} a month; the dibao standard is {standard} per person a month.";
        ReasonNearMiss => "家庭月收入比 {members} 人的低保线高出 {above}。",
            "Household income is {above} a month above the dibao line for {members} person(s).";
        ReasonLowIncomeLine => "低保边缘线为每人每月 {line}（低保标准的 {multiplier} 倍）。",
            "The near-dibao line is {line} per person a month ({multiplier} times the dibao standard).";
        ReasonFinancialAssets => "存款等金融资产 {assets}；上限为 {limit}。", "Savings and other financial assets are {assets}; the limit is {limit}.";
        ReasonHomes => "住房 {homes} 套；最多 {max} 套。", "Homes: {homes}; at most {max}.";
        ReasonVehicles => "机动车 {vehicles} 辆；最多 {max} 辆。", "Motor vehicles: {vehicles}; at most {max}.";
        ReasonTopUp => "补差 = {standard} × {members} 人 − 家庭月收入 {income} = {amount}。",
            "Top-up = {standard} × {members} person(s) − household income {income} = {amount} a month.";
        ReasonSevereMembers => "{count} 位成员重度残疾或患重病，可单独纳入低保。",
            "{count} member(s) severely disabled or seriously ill, who may be covered on their own.";
        ReasonNoWorkCapacity => "{count} 位成员无劳动能力：60 周岁以上、未满 16 周岁，或智力、精神残疾一至三级，肢体残疾一至二级，视力残疾一级（民发〔2021〕43号）。",
            "{count} member(s) without work capacity: aged 60 or over, under 16, or with an intellectual or mental disability of grade 1–3, a physical disability of grade 1–2 or a visual disability of grade 1 (MCA 2021 No. 43).";
        ReasonNoWorkCapacityBefore2021 => "{count} 位成员无劳动能力：60 周岁以上、未满 16 周岁，或智力、精神残疾一至二级，肢体残疾一级（民发〔2016〕178号）。",
            "{count} member(s) without work capacity: aged 60 or over, under 16, or with an intellectual or mental disability of grade 1–2 or a physical disability of grade 1 (MCA 2016 No. 178).";
        ReasonTekunMinorsExtended => "本地特困供养的未成年人年龄延长至未满 {age_limit} 周岁：{count} 位 16、17 周岁的成员也计入。",
            "Here extreme-poverty support for minors is extended to those under {age_limit}: {count} member(s) aged 16 or 17 count too.";
        ReasonTekunMinorsContinue => "{count} 位 16、17 周岁的成员：已在供养的可延续到 18 周岁；新申请是否受理，请向街道咨询。",
            "{count} member(s) aged 16 or 17: support already received may continue to 18; ask the street office whether a new application is taken.";
        ReasonTekunInSchool => "{count} 位年满 18 周岁仍在义务教育、普通高中或中等职业学校就读的成员，已在供养的可继续享受。",
            "{count} member(s) aged 18 or over still in compulsory education, senior high school or secondary vocational school: support already received continues.";
        ReasonTekunBasicOfOwn => "基本生活标准 = 低保标准 {standard} × {multiplier} = 每人每月 {amount}。",
            "Basic living standard = dibao standard {standard} × {multiplier} = {amount} per person a month.";
        ReasonTekunBasicOfUrban => "基本生活标准 = 城市低保标准 {standard} × {multiplier} = 每人每月 {amount}（本地城乡统一按城市标准）。",
            "Basic living standard = urban dibao standard {standard} × {multiplier} = {amount} per person a month (here everyone's is set from the urban standard).";
        ReasonTekunBasicYearly => "基本生活标准 = 年标准 {yearly} ÷ 12 = 每人每月 {amount}。",
            "Basic living standard = yearly standard {yearly} ÷ 12 = {amount} per person a month.";
        ReasonTekunCare => "照料护理补贴：{count} 位成员不能完全自理，合计每月 {amount}（按生活自理能力，集中和分散供养都有）。",
            "Care allowance: {count} member(s) who cannot fully look after themselves, {amount} a month in all (by self-care ability, at home or in an institution).";
        ReasonTekunCareWage => "照料护理标准与最低工资标准 {wage} 挂钩。", "The care allowance is tied to the minimum wage of {wage}.";
        ReasonTekunTotal => "合计 = {people} 人 × 基本生活 + 照料护理 = 每月 {amount}。", "In all = {people} × basic living + care = {amount} a month.";
        ReasonDeFactoNotYet => "事实无人抚养儿童保障自 2019 年起实施（民发〔2019〕62号），此日期尚未开始。",
            "Support for de facto orphans began in 2019 (MCA 2019 No. 62), after this date.";
        ReasonElderlyCareDisabledOnly => "{count} 位 60 周岁以上的成员有残疾但未说明失能：补贴看的是照护评估中的失能，不是残疾证。",
            "{count} member(s) aged 60 or over with a disability but not said to need care: the subsidy follows a care assessment, not a disability card.";
        ReasonElderlyCarePlanned => "本地这项补贴制度尚在建立中（规划：推动建立），请向街道咨询是否已经发放。",
            "Here this subsidy is still being set up (the plan says to establish it); ask the street office whether it is paid yet.";
        ReasonAmountPerPerson => "金额 = {count} 人 × 每人每月 {each} = 每月 {amount}。", "Amount = {count} × {each} a month = {amount} a month.";
        ReasonCareAmount => "金额 = 一级 {grade1} 人 × {each1} + 二级 {grade2} 人 × {each2} + 三、四级智力或精神残疾 {extended} 人 × {each3} = 每月 {amount}。",
            "Amount = grade 1: {grade1} × {each1} + grade 2: {grade2} × {each2} + grade 3–4 intellectual or mental: {extended} × {each3} = {amount} a month.";
        ReasonOrphanAmount => "金额 = 机构养育 {institution} 人 × {each_institution} + 散居 {scattered} 人 × {each_scattered} = 每月 {amount}。",
            "Amount = in an institution: {institution} × {each_institution} + in a family: {scattered} × {each_scattered} = {amount} a month.";
        ReasonNearMissLowIncome => "家庭月收入比 {members} 人的低保边缘线高 {above}。", "Household income is {above} a month above the near-dibao line for {members} person(s).";
        ReasonNearMissAge => "最年长的成员 {oldest} 周岁，还差 {years} 年满 {age} 周岁。", "The oldest member is {oldest}: {years} year(s) short of {age}.";
        ReasonTekunProvinceAdds => "本省把更多残疾等级计为无劳动能力（见当地规定）。", "This province counts more disability grades as no work capacity (see its rules).";
        ReasonAssetsOver => "存款等金融资产比上限多 {over}。", "Savings and other financial assets are {over} above the limit.";
        ReasonSampleAmount => "本地未公布这项的金额：所示为示例值。", "No local figure is published for this: the amount shown is a sample.";
        ReasonOrphanNoLivingSubsidy => "{count} 名领取孤儿基本生活费的儿童不再同时领取困难残疾人生活补贴（国发〔2015〕52号）。",
            "A child receiving the orphan allowance does not also receive the disability living subsidy (State Council 2015 No. 52): this applies to {count} child(ren).";
        ReasonSinglePersonUpTo => "单人户纳入低保：最多约每月 {amount}（{count} 人 × 低保标准）。",
            "Dibao for those covered on their own: up to about {amount} a month ({count} × the dibao standard).";
        ReasonNoCapableSupporter => "没有有能力赡养、抚养或扶养的法定义务人。", "No one with a legal duty to support the household is able to do so.";
        ReasonOrphanInstead => "{count} 名儿童按孤儿保障（不重复享受特困供养）。", "Orphan support instead of extreme-poverty support for {count} child(ren).";
        ReasonEmergency => "近期遭遇灾害、事故或突发重病。", "A recent disaster, accident or sudden illness.";
        ReasonRigidExpenses => "扣除每月刚性支出 {expenses} 后，人均收入 {per_person}；低保标准为 {standard}。",
            "After rigid expenses of {expenses} a month, income per person is {per_person}; the dibao standard is {standard}.";
        ReasonTemporaryAmount => "一次性救助，约为 {months} 个月的城市低保标准：{amount}。",
            "One-off help of about {months} months of the urban dibao standard: {amount}.";
        ReasonDisabledMembers => "{count} 位成员有残疾。", "{count} member(s) with a disability.";
        ReasonNeedsDibao => "补贴面向低保家庭。", "Paid to members of dibao households.";
        ReasonNeedsDibaoOrLowIncome => "补贴面向低保和低保边缘家庭。", "Paid to members of dibao and near-dibao households.";
        ReasonCareGrades => "{count} 位成员为一级或二级残疾。", "{count} member(s) with a grade 1 or 2 disability.";
        ReasonCareExtended => "{count} 位成员为三级或四级智力、精神残疾。", "{count} member(s) with a grade 3 or 4 intellectual or mental disability.";
        ReasonAgedOver => "{count} 位成员年满 {age} 周岁。", "{count} member(s) aged {age} or over.";
        ReasonElderlyCareMembers => "{count} 位成员年满 {age} 周岁，或 60 周岁以上且失能、半失能。",
            "{count} member(s) aged {age} or over, or aged 60 or over and unable to look after themselves.";
        ReasonOrphans => "{count} 名未满 18 周岁的儿童父母双亡或下落不明。", "{count} child(ren) under 18 whose parents are both dead or missing.";
        ReasonDeFactoOrphans => "{count} 名未满 18 周岁的儿童父母无力抚养。", "{count} child(ren) under 18 whose parents cannot raise them.";
        ReasonFuneralAllResidents => "本地基本殡葬服务对全体居民免费。", "Basic funeral services are free for all residents here.";
        ReasonFuneralLowIncome => "低保、特困家庭的基本殡葬服务（遗体接运、冷藏、火化、骨灰寄存、基本骨灰盒）免费。",
            "Basic funeral services (body transport, cold storage, cremation, urn storage, a basic urn) are free for dibao and extreme-poverty households.";
        ReasonFuneralLowIncomeToo => "低保、特困和低收入（低保边缘）家庭的基本殡葬服务（遗体接运、冷藏、火化、骨灰寄存、基本骨灰盒）免费。",
            "Basic funeral services (body transport, cold storage, cremation, urn storage, a basic urn) are free for dibao, extreme-poverty and low-income (near-dibao) households.";
        QuestionProgress => "第 {n} 题，共 {total} 题", "Question {n} of {total}";
        Continue => "继续", "Continue";
        Back => "上一步", "Back";
        StartAgain => "重新开始", "Start again";
        ErrorSummaryHeading => "请修改以下问题", "There is a problem";
        ErrorTitlePrefix => "错误：", "Error: ";
        OptionalHint => "没有请留空或填 0。", "Leave blank or enter 0 if none.";
        YuanPerMonthHint => "单位：元/月，例如 1500。", "In yuan a month, for example 1500.";
        YuanHint => "单位：元，例如 20000。", "In yuan, for example 20000.";
        Yes => "是", "Yes";
        No => "否", "No";
        AskRegion => "您家户口在哪个地区？", "Where is your household registered?";
        AskRegionHint => "按户籍所在地的标准计算。", "The pre-check uses the figures of the place where your hukou is registered.";
        AskRegionMissing => "请选择地区。", "Choose a region.";
        AskHukou => "您家是城镇户口还是农村户口？", "Is your household's hukou urban or rural?";
        AskHukouHint => "城镇和农村的低保标准不同。", "Urban and rural dibao standards differ.";
        HukouUrban => "城镇户口", "Urban";
        HukouRural => "农村户口", "Rural";
        AskHukouMissing => "请选择户口类型。", "Choose urban or rural.";
        AskSize => "家里一起生活、共同计算收入的有几个人？", "How many people live together and share income?";
        AskSizeHint => "包括您自己、配偶、未成年子女和长期共同生活的其他亲属。", "Count yourself, your spouse, children under 18 and other relatives who live with you long-term.";
        AskSizeLabel => "人数", "Number of people";
        AskSizeInvalid => "请填写 1 到 30 之间的人数。", "Enter a number of people from 1 to 30.";
        PersonYou => "您本人", "You";
        PersonN => "第 {n} 位家庭成员", "Household member {n}";
        AskPerson => "{person}：年龄和关系", "{person}: age and relation";
        AskPersonYou => "您的年龄", "Your age";
        AskAgeLabel => "年龄（周岁）", "Age (years)";
        AskAgeInvalid => "请用数字填写 0 到 130 之间的年龄。", "Enter the age in whole years, from 0 to 130.";
        AskRelationLabel => "和您的关系", "Relation to you";
        AskRelationMissing => "请选择和您的关系。", "Choose how this person is related to you.";
        RelationSelf => "本人", "Yourself";
        RelationSpouse => "配偶", "Spouse";
        RelationChild => "子女", "Child";
        RelationParent => "父母", "Parent";
        RelationGrandchild => "孙子女、外孙子女", "Grandchild";
        RelationGrandparent => "祖父母、外祖父母", "Grandparent";
        RelationSibling => "兄弟姐妹", "Brother or sister";
        RelationOther => "其他亲属", "Other relative";
        AskPersonMore => "{person}：健康、残疾和工作", "{person}: health, disability and work";
        AskGradeLabel => "残疾等级（以残疾人证为准）", "Disability grade (as on the disability certificate)";
        GradeNone => "无残疾", "No disability";
        GradeN => "{n} 级", "Grade {n}";
        AskKindLabel => "残疾类别", "Kind of disability";
        AskKindHint => "有残疾时请选择。", "Choose when there is a disability.";
        KindNone => "（请选择）", "(choose)";
        KindPhysical => "肢体残疾", "Physical";
        KindVisual => "视力残疾", "Visual";
        KindHearing => "听力残疾", "Hearing";
        KindSpeech => "言语残疾", "Speech";
        KindIntellectual => "智力残疾", "Intellectual";
        KindMental => "精神残疾", "Mental";
        KindMultiple => "多重残疾", "Multiple";
        AskDisabilityKindMissing => "有残疾时请选择残疾类别。", "Choose the kind of disability.";
        AskCircumstancesLabel => "以下哪些情况符合？（可多选，都不符合就不选）", "Which of these apply? (Choose any; leave all empty if none.)";
        CircumstanceIllness => "患有重特大疾病", "Has a serious illness";
        CircumstanceCannotWork => "没有劳动能力", "Cannot work";
        AskSelfCareLabel => "日常生活能否自理（吃饭、穿衣、洗澡、上厕所、走动）", "Can they look after themselves day to day (eating, dressing, washing, using the toilet, moving about)?";
        AskSelfCareHint => "按照护需求评估填写，不是残疾等级；不清楚可以不选。", "As a care assessment would find, not a disability grade; leave it if unsure.";
        SelfCareFull => "能完全自理", "Fully";
        SelfCarePartial => "部分不能自理（半失能）", "Partly: needs some help";
        SelfCareNone => "完全不能自理（失能）", "Not at all: needs help with everything";
        CircumstanceStudent => "在校学生", "Still at school or college";
        CircumstanceInstitution => "住在福利院、养老院等机构", "Lives in a care home or welfare institution";
        AskParentsLabel => "孩子的父母情况", "The child's parents";
        ParentsPresent => "父母能够抚养", "Parents can raise the child";
        ParentsDeceased => "父母双亡或下落不明", "Both parents dead or missing";
        ParentsUnable => "父母无力抚养（重残、重病、服刑、失联等）", "Parents cannot raise the child (severe disability, serious illness, prison, out of contact…)";
        AskParentsMissing => "请选择孩子父母的情况。", "Choose the situation of the child's parents.";
        AskIncome => "全家每月总收入大约多少？", "About how much does the whole household receive a month?";
        AskIncomeHint => "工资、养老金、经营收入、租金等，扣除社保个人缴费；不含低保等救助金。", "Wages, pensions, business income, rent and so on, after social-insurance contributions; leave out assistance payments such as dibao.";
        IncomeExact => "我知道金额", "I know the amount";
        IncomeAmountLabel => "每月收入（元）", "Monthly income (yuan)";
        IncomeBandsLabel => "不清楚具体金额时，选一个范围", "If you do not know the amount, choose a range";
        IncomeBand => "{low} 到 {high}", "{low} to {high}";
        IncomeBandOpen => "{low} 以上", "Over {low}";
        AskIncomeBoth => "您填写了金额，又选了一个范围。请只用一种：保留金额并选择“我知道金额”，或者清空金额只用范围。", "You typed an amount and also chose a range. Use one: keep the amount and choose “I know the amount”, or clear the amount and keep the range.";
        AskIncomeInvalid => "请用数字填写每月收入（元），或选择一个范围。", "Enter the monthly income in yuan as a number, or choose a range.";
        AskAmountInvalid => "请用数字填写金额（元），例如 1500。", "Enter an amount in yuan as a number, for example 1500.";
        AskAssets => "存款和财产", "Savings and property";
        AskAssetsLabel => "存款、理财等金融资产合计（元）", "Savings, deposits and investments in total (yuan)";
        AskVehiclesLabel => "机动车（辆）", "Motor vehicles";
        AskHomesLabel => "住房（套）", "Homes owned";
        AskExpenses => "每月必需的医疗、教育支出", "Necessary monthly medical and schooling costs";
        AskExpensesHint => "自己负担的部分，报销后的金额。", "What the household pays itself, after reimbursement.";
        AskMedicalLabel => "医疗（元/月）", "Medical (yuan a month)";
        AskSchoolingLabel => "教育（元/月）", "Schooling (yuan a month)";
        AskEmergency => "最近是否遭遇火灾、交通事故、突发重病等意外？", "Has the household recently had a fire, an accident, a sudden serious illness or another emergency?";
        AskSupporter => "是否有能够赡养、抚养或扶养您家的法定义务人？", "Is there someone with a legal duty to support the household who is able to?";
        AskSupporterHint => "例如不在一起生活、有能力的成年子女、父母或配偶。", "For example adult children, parents or a spouse living elsewhere who are able to help.";
        AskYesNoMissing => "请选择“是”或“否”。", "Choose yes or no.";
        CheckHeading => "核对您的回答", "Check your answers";
        CheckIntro => "确认无误后查看结果。需要修改时，点“修改”。", "If everything is right, see the result. Choose “Change” to correct an answer.";
        Change => "修改", "Change";
        ChangeItem => "修改：{item}", "Change: {item}";
        SeeResult => "查看结果", "See the result";
        AgeYears => "{age} 岁", "aged {age}";
        AskCircumstancesShort => "残疾、健康和工作", "disability, health and work";
        NoneOfThese => "都不符合", "None of these";
        ResultHeading => "预查结果", "Your pre-check result";
        ResultFor => "按{region}{date}执行的标准计算。", "Worked out with the figures of {region} in force on {date}.";
        ResultSamples => "部分数字为示例数据，不是当地公布的标准。", "Some figures are sample data, not the region's published figures.";
        ResultDisclaimer => "这只是预查，不是审批结果。是否符合、能领多少，由街道（乡镇）在核对家庭经济状况后决定。",
            "This is a pre-check, not a decision. Only the street or township office decides, after checking the household's finances.";
        GroupLikely => "很可能符合", "Likely";
        GroupPossible => "可能符合，建议咨询", "Possible: worth asking";
        GroupUnlikely => "不太可能符合", "Unlikely";
        NoProgramsInGroup => "没有。", "None.";
        AmountMonthly => "约每月 {amount}", "About {amount} a month";
        AmountMonthlyUpTo => "最多约每月 {amount}", "Up to about {amount} a month";
        ResultFiguresOld => "这里用的是 {year} 年的标准，是能找到的最新公布数字；当地现在可能已经提高，以街道（乡镇）答复为准。",
            "These answers use figures from {year}, the newest published ones we have; the local office may use newer ones, and its answer is what counts.";
        ResultFiguresNone => "这个地区没有公布的标准可用，所示数字都是示例；以街道（乡镇）答复为准。",
            "No published figures are available for this region: every figure shown is a sample; the local office's answer is what counts.";
        AmountOneOff => "一次性约 {amount}", "About {amount} once";
        WhyHeading => "依据", "Why";
        ReasonMet => "符合", "met";
        ReasonNotMet => "不符合", "not met";
        BringAllHeading => "申请时带上这些材料", "Bring these when you apply";
        BringExtraHeading => "这一项另需", "For this one, also";
        SummaryLeadLikely => "最可能符合的是{program}，{amount}。", "Most likely: {program}, {amount}.";
        SummaryLeadPossible => "可能符合{program}，{amount}，要由街道核对后确定。", "Possibly {program}, {amount}; the street office decides after checking.";
        SummaryLeadLikelyPlain => "最可能符合的是{program}。", "Most likely: {program}.";
        SummaryLeadPossiblePlain => "可能符合{program}，要由街道核对后确定。", "Possibly {program}; the street office decides after checking.";
        SummaryInstead => "{chosen}和{other}不同时领取：符合{chosen}的，不再另领{other}。", "{chosen} and {other} are not received together: with {chosen} there is no {other} as well.";
        SummaryAlso => "还很可能符合：{programs}。", "Also likely: {programs}.";
        SummaryNone => "从这些回答看，暂未发现很可能符合的生活救助；下面列出各项目和原因。", "From these answers no living support looks likely; each program and why follows.";
        FuneralFreeLine => "家里有人去世时，基本殡葬服务（遗体接运、冷藏、火化、骨灰寄存、基本骨灰盒）免费。", "If someone in the household dies, basic funeral services (body transport, cold storage, cremation, urn storage, a basic urn) are free.";
        FuneralGuideLink => "身后事办理指南", "What to do after a death";
        WhereHeading => "到哪里申请", "Where to apply";
        ApplyStreetOffice => "户籍所在地的街道办事处或乡镇人民政府社会救助窗口（一个窗口受理）。",
            "The social assistance window of the street office or township government where your hukou is registered (one window handles every program).";
        ApplyFuneralHome => "办理丧事时在殡仪馆出示低保或特困证明即可减免。", "At the funeral home when arranging the funeral: show the dibao or extreme-poverty certificate.";
        ApplyHotline => "不清楚时拨打 {hotline} 咨询。", "If unsure, call {hotline}.";
        ApplyStreetLabel => "您的户口在哪个街道或乡镇？", "Which street or township is your hukou registered in?";
        ApplyStreetHint => "选好后显示该处的地址、办公时间和电话。", "Choose it to see the office's address, hours and phone.";
        ApplyStreetUnknown => "请选择", "Choose";
        ApplyStreetShow => "显示申请地点", "Show where to apply";
        ApplyStreetNotListed => "所选街道或乡镇不在列表中，请重新选择。", "That street or township is not on the list: choose again.";
        ApplyAt => "到{office}的社会救助窗口申请（一个窗口受理所有项目）。", "Apply at the social assistance window of {office} (one window handles every program).";
        ApplyOfficeAddress => "地址", "Address";
        ApplyOfficeHours => "办公时间", "Hours";
        ApplyOfficePhone => "电话", "Phone";
        ApplyOfficePage => "查看地图和交通", "Map and directions";
        DocIdHukou => "全体家庭成员的身份证和户口簿", "ID cards and the household register (hukou booklet) of every member";
        DocIncome => "近 6 个月的收入证明（工资单、养老金等）", "Proof of income for the last 6 months (pay slips, pension statements)";
        DocFinancialCheck => "家庭经济状况核对授权书（在窗口签字）", "Consent to the household financial check (signed at the window)";
        DocDisabilityCert => "残疾人证", "Disability certificate";
        DocMedical => "医院诊断证明和医疗费用票据", "Hospital diagnosis and medical bills";
        DocEmergency => "事故、火灾或急病的证明材料", "Papers about the emergency (police, fire or hospital report)";
        DocParentsDeath => "父母的死亡证明或宣告失踪的法律文书", "The parents' death certificates, or the court ruling that they are missing";
        DocParentsUnable => "父母无力抚养的证明（残疾人证、诊断证明、服刑或戒毒通知等）", "Proof that the parents cannot raise the child (disability certificate, diagnosis, prison or rehabilitation notice)";
        DocCareAssessment => "失能或半失能评估结果（如有）", "An assessment of ability to look after oneself, if there is one";
        DocDeathCertificate => "死亡医学证明，以及低保或特困证明", "The medical death certificate, and the dibao or extreme-poverty certificate";
        DocBankAccount => "本人名下的银行卡或存折", "A bank card or passbook in the applicant's name";
        PictureHeading => "家庭人均月收入对比", "Income per person compared";
        PictureYou => "您家人均", "Your household, per person";
        PictureDibao => "低保标准", "Dibao standard";
        PictureLowIncome => "低保边缘线", "Near-dibao line";
        PictureLines => "{members} 人家庭：月收入低于 {dibao} 可申请低保，低于 {low_income} 可认定为低保边缘家庭。",
            "For a household of {members}: monthly income below {dibao} may qualify for dibao, and below {low_income} for near-dibao support.";
        WhatIfHeading => "如果情况不同", "What if things were different?";
        WhatIfHint => "改动下面任意几项，看看结果会怎样变化。您上面的回答不变。", "Change any of these to see how the result would change. Your answers above stay as they are.";
        WhatIfLabel => "如果全家每月收入是（元）", "If the household's monthly income were (yuan)";
        WhatIfMemberLabel => "下面的年龄和残疾是指", "The age and disability below are about";
        WhatIfAgeLabel => "如果年龄是（周岁）", "If their age were (years)";
        WhatIfGradeLabel => "如果残疾等级是", "If their disability grade were";
        WhatIfGradeSame => "不变", "As answered";
        WhatIfKindLabel => "残疾类别（原来没有残疾时请选择）", "Kind of disability (choose one if they had none)";
        WhatIfKindSame => "不变", "As answered";
        WhatIfAssetsLabel => "如果全家存款等金融资产是（元）", "If the household's savings and other financial assets were (yuan)";
        WhatIfHukouLabel => "如果户口是", "If the hukou were";
        WhatIfHukouSame => "不变", "As answered";
        WhatIfDateLabel => "如果在这一天申请（年-月-日）", "If you applied on (year-month-day)";
        WhatIfDateHint => "例如 2027-03-01。按那一天施行的规定和标准计算。", "For example 2027-03-01. Uses the rules and figures in force that day.";
        WhatIfDateInvalid => "请按 年-月-日 填写一个日期，例如 2027-03-01。", "Enter a date as year-month-day, for example 2027-03-01.";
        WhatIfDateTooEarly => "只能计算 2014 年 5 月 1 日（社会救助暂行办法施行）以后的日期。", "Only dates from 1 May 2014 (when the Interim Measures on Social Assistance took effect) can be worked out.";
        WhatIfNoFigures => "{region}没有 {date} 施行的标准，无法计算。", "{region} has no figures in force on {date}, so this cannot be worked out.";
        WhatIfShow => "看看结果", "Show me";
        WhatIfIntro => "如果{changes}：", "If {changes}:";
        WhatIfPartIncome => "全家每月收入是 {amount}", "the household's monthly income were {amount}";
        WhatIfPartAge => "{who} {age} 岁", "{who} were {age}";
        WhatIfPartGrade => "{who}是 {grade} 级{kind}", "{who} had a grade {grade} {kind} disability";
        WhatIfPartNoDisability => "{who}没有残疾", "{who} had no disability";
        WhatIfPartAssets => "存款等金融资产是 {amount}", "savings and other financial assets were {amount}";
        WhatIfPartHukou => "户口是{hukou}", "the hukou were {hukou}";
        WhatIfPartDate => "在 {date} 申请", "you applied on {date}";
        WhatIfJoin => "，", ", ";
        WhatIfNoChange => "结果不会变化。", "The result would not change.";
        WhatIfChange => "{program}：{from} → {to}", "{program}: {from} → {to}";
        TakeAwayHeading => "保存结果", "Keep this result";
        Print => "打印", "Print";
        SaveOnPhone => "要以后再看：把本页加入书签，或用浏览器的“分享”发给自己；下面的链接也能重新打开这个结果。回答只保存在链接里，不会发送给我们。",
            "To see this again later, bookmark this page or send it to yourself with the browser's Share; the link below also reopens this result. The answers are kept only in the link and are not sent to us.";
        ShareLinkIntro => "用手机扫描二维码或打开下面的链接，可在手机上查看这个结果。回答只保存在链接里，不会发送给我们。",
            "Scan the QR code with a phone, or open the link below, to see this result there. The answers are kept only in the link and are not sent to us.";
        ShareLink => "在手机上打开结果", "Open this result on a phone";
        QrLabel => "打开本结果的二维码", "QR code that opens this result";
        IdLength => "身份证号应为 18 位。", "An ID number has 18 characters.";
        IdCharacters => "身份证号前 17 位应为数字，最后一位为数字或 X。", "An ID number is 17 digits followed by a digit or X.";
        IdCheckCharacter => "身份证号校验位不对，请逐位核对。", "The ID number's check character does not match; please check each character.";
        IdBirthDate => "身份证号中的出生日期无效。", "The birth date in the ID number is not valid.";
        BookingInThePast => "这个时间已经过去了。", "That time has passed.";
        BookingNotOpenYet => "这一天还没有开放预约。", "Booking for that day has not opened yet.";
        BookingPastCutoff => "这一天的预约已经截止。", "Booking for that day has closed.";
        BookingTooLateToChange => "离预约时间太近，已不能取消或改期，请致电登记处。", "It is too close to the appointment to cancel or move it; please call the registry office.";
        BookingBlocked => "因多次爽约或取消，该身份证号暂时不能预约。", "Because of repeated no-shows or cancellations, this ID number cannot book for a while.";
        SlotUnknown => "这个时间不办理预约（休息日、闭馆日或不是预约时段）。", "There are no appointments at that time (a rest day, a closed day, or not an appointment time).";
        SlotFull => "这个时间已约满，请选择其他时间。", "That time is fully booked; please choose another.";
        AlreadyBooked => "此人已有一个同类预约，请先取消原预约。", "This person already holds a booking of this kind; cancel it first.";
        TooManyLookups => "查询失败次数过多，请稍后再试或拨打热线。", "Too many failed look-ups; please try again later or call the hotline.";
        ServiceMarriage => "结婚登记", "Marriage registration";
        ServiceDivorce => "离婚登记", "Divorce registration";
        ServiceReissue => "补领结婚证、离婚证", "Certificate reissue";
        ServiceCeremony => "颁证仪式", "Certificate ceremony";
        PersonOne => "第一位当事人", "First person";
        PersonTwo => "第二位当事人", "Second person";
        PersonApplicant => "申请人", "Applicant";
        BookingStatusConfirmed => "已确认", "Confirmed";
        BookingStatusCancelled => "已取消", "Cancelled";
        BookingStatusAttended => "已到场办理", "Attended";
        BookingStatusNoShow => "未到场", "Did not come";
        OutsideDivorceWindow => "第二次到场须在冷静期结束后的 30 日内，请选择这段时间内的日期。", "The second appointment must be within the 30 days after the cooling-off period; choose a day in that window.";
        ApplicationNotReceived => "登记处受理离婚申请后，才能预约第二次到场。", "The second appointment can be booked once the office has received the divorce application.";
        BookingWrongStatus => "这个预约现在的状态不能这样处理。", "This booking's status does not allow that now.";
        BookingNotToday => "只能在预约当天办理。", "This can only be done on the day of the appointment.";
        BookingNotStartedYet => "预约时间还没到，不能记为未到场。", "The appointment has not begun, so it cannot be marked as missed.";
        BookingNotFound => "请核对预约码：8 位字母和数字，在预约短信和预约单上。", "Please check the booking code: 8 letters and digits, on the booking text and slip.";
        Weekday1 => "周一", "Mon";
        Weekday2 => "周二", "Tue";
        Weekday3 => "周三", "Wed";
        Weekday4 => "周四", "Thu";
        Weekday5 => "周五", "Fri";
        Weekday6 => "周六", "Sat";
        Weekday7 => "周日", "Sun";
        Month1 => "1月", "Jan";
        Month2 => "2月", "Feb";
        Month3 => "3月", "Mar";
        Month4 => "4月", "Apr";
        Month5 => "5月", "May";
        Month6 => "6月", "Jun";
        Month7 => "7月", "Jul";
        Month8 => "8月", "Aug";
        Month9 => "9月", "Sep";
        Month10 => "10月", "Oct";
        Month11 => "11月", "Nov";
        Month12 => "12月", "Dec";
        DayFormat => "{year}年{month}{day}日 {weekday}", "{weekday} {day} {month} {year}";
        MessageDue => "等待发送", "waiting to be sent";
        MessageSent => "已发送", "sent";
        MessageFailed => "发送失败", "not sent (failed)";
        TextKindVerification => "验证码", "Verification code";
        TextKindBooked => "预约确认", "Booking confirmation";
        TextKindCancelled => "办事处取消通知", "Cancelled by the office";
        TextKindSummary => "预约信息", "Booking details";
        InternalError => "服务器出现内部错误，请稍后再试。", "The server had an internal error; please try again later.";
        // Kiosks, display options and reading aloud.
        KioskFinish => "结束办理", "Finish";
        KioskStillThere => "继续办理？", "Still there?";
        KioskIdleBefore => "如果不继续，", "If you do not continue, everything you entered will be cleared in ";
        KioskIdleAfter => " 秒后将清除您填写的所有内容并返回首页。", " seconds and the screen will return to the start.";
        KioskContinue => "继续办理", "Continue";
        NumpadLabel => "数字键盘", "Number pad";
        NumpadBack => "删除一位", "Delete one character";
        NumpadDone => "完成", "Done";
        ListSeparator => "；", "; ";
        // Hotline console.
        ReadOutHeading => "读给来电人", "Read to the caller";
        ReadOutDetails => "详细结果（原因、收入对比）", "Full result (reasons, income compared)";
        ReadOutShow => "查看结果", "Show the result";
        ReadOutUpdate => "更新问题", "Update the questions";
        ReadOutIntro => "按{region}现行标准初步看：", "By the figures in force in {region}, at first sight:";
        ReadOutLikely => "很可能符合：{programs}。", "Likely: {programs}.";
        ReadOutPossible => "可能符合，需要进一步核实：{programs}。", "Possible, to be checked further: {programs}.";
        ReadOutNone => "按您说的情况，暂时看不出符合这些救助项目；情况有变化可以再来问。", "From what you told us, none of these programs seems to fit for now; call again if things change.";
        ReadOutProgramMonthly => "{program}，约每月 {amount}", "{program}, about {amount} a month";
        ReadOutProgramMonthlyUpTo => "{program}，最多约每月 {amount}", "{program}, up to about {amount} a month";
        ReadOutProgramOneOff => "{program}，一次性约 {amount}", "{program}, about {amount} once";
        ReadOutBring => "申请时请带：{documents}。", "When you apply, bring: {documents}.";
        ReadOutWhere => "到这里申请：{places}。", "Apply at: {places}.";
    }
    // Used by the server alone: rendered into pages and answers, never sent as WebAssembly.
    server {
        SiteTagline => "民政自助服务", "Civil-affairs self-service";
        SkipToContent => "跳到主要内容", "Skip to main content";
        SettingsLabel => "显示设置", "Display settings";
        LanguageLabel => "语言", "Language";
        TextSizeLabel => "字号", "Text size";
        TextSizeStandard => "标准字", "Standard";
        TextSizeLarge => "大字", "Large";
        MainNavLabel => "主要服务", "Main services";
        HomeHeading => "民政服务，一站办理", "Civil-affairs services in one place";
        HomeIntro => "查询救助资格、预约婚姻登记、了解殡葬服务、找到身边的志愿服务站。无需注册。",
            "Check assistance eligibility, book a marriage registration, learn about funeral services and find a volunteer station near you. No account needed.";
        AreaEligibilityTitle => "救助资格预查", "Assistance eligibility pre-check";
        AreaEligibilitySummary => "低保、特困、临时救助、残疾人和老年人补贴、孤儿保障：看看您家可能符合哪些。",
            "Minimum living allowance, extreme-poverty support, temporary assistance, disability and elderly subsidies, orphan allowances: see which your household may qualify for.";
        AreaMarriageTitle => "婚姻登记预约", "Marriage registration booking";
        AreaMarriageSummary => "结婚、离婚、补领结婚证和颁证仪式，在线预约办理时间。",
            "Book a time for marriage, divorce, certificate reissue or a certificate ceremony.";
        AreaFuneralTitle => "殡葬服务", "Funeral and cemetery services";
        AreaFuneralSummary => "殡仪馆、公墓和节地生态安葬：价格、免费基本服务和身后事办理指引。",
            "Funeral homes, cemeteries and eco burial: prices, free basic services and what to do after a death.";
        AreaVolunteerTitle => "志愿服务站", "Volunteer stations";
        AreaVolunteerSummary => "找到离您最近的志愿服务站和社工站，看看现在是否开放。",
            "Find the nearest volunteer or social-work station and whether it is open now.";
        HotlineHeading => "需要帮助？请拨打热线", "Need help? Call the hotline";
        HotlineNote => "政务服务便民热线，24 小时有人接听。", "Government service hotline, answered 24 hours a day.";
        HotlineCall => "拨打 {hotline}", "Call {hotline}";
        RegionsHeading => "服务地区", "Regions served";
        FooterHelp => "使用帮助", "Help";
        FooterPrivacy => "隐私说明", "Privacy";
        FooterHome => "首页", "Home";
        FooterNavLabel => "页脚链接", "Footer links";
        FooterNote => "本站信息仅供参考，以办理机关的正式决定为准。",
            "Information here is guidance only; the office that handles your application makes the decision.";
        ServicePreparingHeading => "此项服务正在准备中", "This service is being prepared";
        ServicePreparingBody => "在线办理即将开放。现在您可以拨打热线 {hotline}，或到街道（乡镇）为民服务大厅咨询。",
            "Online service opens soon. Until then, call the hotline {hotline} or ask at your street or township service hall.";
        BackHome => "返回首页", "Back to the home page";
        HelpHeading => "使用帮助", "Help";
        HelpTextSize => "点击页面顶部的“大字”，文字和按钮都会变大；点击“标准字”恢复。",
            "Choose “Large” at the top of the page to make text and buttons bigger, and “Standard” to go back.";
        HelpLanguage => "在页面顶部选择语言，本设备会记住您的选择。",
            "Choose your language at the top of the page; this device remembers your choice.";
        HelpNoAccount => "查询资格和查找服务无需注册，您输入的内容不会被保存。",
            "Checking eligibility and finding services need no account, and nothing you type there is stored.";
        HelpHotline => "看不清或不会操作时，请拨打热线 {hotline}，工作人员会帮您办理。",
            "If anything is hard to read or use, call {hotline} and an agent will help you.";
        PrivacyHeading => "隐私说明", "Privacy";
        PrivacyCollect => "我们只在某一步确实需要时才收集个人信息，例如预约时的姓名、身份证号和手机号。",
            "We collect personal information only where a step needs it, for example your name, ID number and phone number when you book.";
        PrivacyPrecheck => "资格预查的回答只用于计算结果，不会保存。",
            "Answers to the eligibility pre-check are used only to work out the result and are not stored.";
        PrivacyStorage => "需要保存的个人信息加密存放，页面上只显示部分号码，不再需要时即删除。",
            "Personal information that must be kept is encrypted, shown only partly masked, and deleted when no longer needed.";
        PrivacyCookies => "本站只用 Cookie 记住您选择的语言和字号。",
            "This site uses cookies only to remember your language and text size.";
        NotFoundHeading => "找不到这个页面", "Page not found";
        NotFoundBody => "您要找的页面不存在或已移动。", "The page you are looking for does not exist or has moved.";
        ErrorHeading => "抱歉，出了点问题", "Sorry, something went wrong";
        ErrorBody => "请稍后再试。如果问题仍然存在，请拨打热线 {hotline} 并告知参考编号。",
            "Please try again in a moment. If it keeps happening, call {hotline} and give the reference number.";
        ErrorReference => "参考编号：{reference}", "Reference: {reference}";
        LangInvalid => "不支持这种语言，请选择中文（zh-CN）或英文（en）。", "That language is not supported; choose Chinese (zh-CN) or English (en).";
        TextSizeInvalid => "不支持这种字号，请选择标准字或大字。", "That text size is not supported; choose standard or large.";
        ReturnToInvalid => "返回地址必须是本站的页面。", "The return address must be a page of this site.";
        CrossSiteRefused => "为了您的安全，已拒绝来自其他网站的请求。", "For your security, a request from another website was refused.";
        RequestTooLarge => "提交的内容过大。", "The request is too large.";
        ReasonTekunBasic => "特困人员基本生活标准约为每人每月 {amount}。", "The extreme-poverty basic living standard is about {amount} per person a month.";
        IncomeMissing => "请填写家庭月收入，或一个收入范围。", "Give the household's monthly income, or a range.";
        DateInvalid => "日期格式应为 2020-12-31。", "Dates are written like 2020-12-31.";
        DateBeforePolicy => "该地区在这个日期还没有可用的政策数据。", "This region has no policy figures for that date.";
        RegionUnknown => "不支持这个地区。", "This region is not served.";
        FiguresHeading => "各地现行标准（{date}）", "Figures in force ({date})";
        FiguresIntro => "预查按各地公布的标准计算。标有“示例数据”的数字来源文件中没有，仅作演示。",
            "The pre-check uses each region's published figures. Figures marked “sample data” are not in the source documents and are for demonstration only.";
        FigureDibaoUrban => "城市低保标准", "Urban dibao standard";
        FigureDibaoRural => "农村低保标准", "Rural dibao standard";
        FigureTekun => "特困人员基本生活标准", "Extreme-poverty basic living standard";
        FigureOrphanScattered => "散居孤儿基本生活费", "Living allowance for orphans in families";
        FigureOrphanInstitution => "机构养育孤儿基本生活费", "Living allowance for orphans in institutions";
        PerPersonMonth => "每人每月 {amount}", "{amount} per person a month";
        TimesDibao => "低保标准的 {multiplier} 倍", "{multiplier} times the dibao standard";
        FigureSource => "来源：", "Source: ";
        ProgramsHeading => "预查涵盖的救助项目", "Programs the pre-check covers";
        StartPrecheck => "开始预查", "Start the pre-check";
        PrecheckBefore => "大约需要 3 分钟。不需要姓名、身份证号或手机号，回答不会被保存。",
            "It takes about 3 minutes. No names, ID numbers or phone numbers are asked, and your answers are not stored.";
        PrecheckTitle => "资格预查", "Eligibility pre-check";
        PrecheckResuming => "正在打开您保存的结果……", "Opening your saved result…";
        NotAnswered => "未填写", "Not answered";
        BringHeading => "需要带的材料", "What to bring";
        NameMissing => "请填写姓名（1 到 30 个字）。", "Enter the name (1 to 30 characters).";
        PhoneInvalid => "请填写 11 位手机号码。", "Enter an 11-digit mobile number.";
        PeopleCount => "人数不对：结婚、离婚需两人，补领需一人。", "Wrong number of people: two for marriage and divorce, one for a reissue.";
        SamePerson => "两个人的身份证号不能相同。", "The two people must have different ID numbers.";
        SameSexMarriage => "两个身份证号显示为同一性别。按《民法典》第一千零四十九条，结婚登记由男女双方办理，婚姻登记处不能受理。请核对两人的身份证号。",
            "Both ID numbers show the same sex. Under Article 1049 of the Civil Code marriage registration is for a man and a woman, so the registry cannot accept this booking. Check both ID numbers.";
        UnderMarriageAge => "预约当天未到法定婚龄（男 22 周岁，女 20 周岁）。", "Not yet of legal marriage age on the appointment day (men 22, women 20).";
        ServiceNotOffered => "这个登记处不办理这项业务。", "This registry office does not offer that service.";
        CeremonyNeedsHall => "这个登记处没有颁证大厅，或这项业务不能加颁证仪式。", "This office has no ceremony hall, or that service cannot have a ceremony.";
        RecoverLink => "忘记预约码？用预约时的手机号找回", "Lost the booking code? Get it again by phone";
        RecoverHeading => "用手机号找回预约码", "Get a booking code again by phone";
        RecoverHint => "填写预约时留的手机号。这个号码的未办理预约，会把预约码用短信发到这个号码，不会发给其他号码。", "Enter the mobile number the booking was made with. The codes of its upcoming bookings are texted to that number and no other.";
        RecoverButton => "发送预约码", "Text me the code";
        RecoverQueued => "如果这个手机号有未办理的预约，预约码会在几分钟内用短信发到这个号码。收到后，在下面填写预约码。没有收到，请拨打 12345 热线。", "If this number has an upcoming booking, its code will be texted to it within a few minutes. When it arrives, enter it below. If nothing arrives, call the 12345 hotline.";
        RecoverLimited => "这个号码今天找回的次数已满，请明天再试或拨打 12345 热线。", "This number has asked too many times today; try again tomorrow or call the 12345 hotline.";
        MarriageIntro => "在线预约婚姻登记处的办理时间。全市通办，可选择任意登记处。请双方本人持身份证按时到场。",
            "Book a time at a marriage registry office. Any office in the city can register you. Both people come in person with their ID cards.";
        BookStart => "预约办理时间", "Book a time";
        ManageLink => "查询、改期或取消预约", "Find, move or cancel a booking";
        OfficesHeading => "婚姻登记处", "Registry offices";
        OfficeHours => "办公时间：{hours}", "Opening hours: {hours}";
        OfficePhone => "电话 {phone}", "Phone {phone}";
        OfficeMap => "在地图上查看（高德）", "Show on a map (Amap)";
        OfficeServices => "办理：{services}", "Services: {services}";
        SampleOffice => "示例登记处：名称、地址和电话均为演示用。", "Sample office: its name, address and phone are for demonstration.";
        ChooseServiceOffice => "办理什么业务、去哪个登记处？", "What do you need, and at which office?";
        ServiceLabel => "业务", "Service";
        OfficeLabel => "登记处", "Registry office";
        ChooseDay => "选择日期", "Choose a day";
        ChooseDayIntro => "以下日期还有名额。每天 15:00 截止次日预约，提前 15 天开放。", "These days still have places. Booking opens 15 days ahead and closes at 15:00 the day before.";
        DayRemaining => "剩余 {n} 个名额", "{n} places left";
        DayFull => "约满", "Fully booked";
        CheckBookingHeading => "确认前请核对", "Check before you confirm";
        CheckBookingHint => "有误请直接在上面修改，再确认预约。", "If anything is wrong, change it above, then confirm.";
        DayClosed => "休息", "Closed";
        NoDays => "近期没有可预约的日期，请选择其他登记处或拨打热线。", "No days are open for booking soon; choose another office or call the hotline.";
        ChooseTime => "选择时间", "Choose a time";
        SlotRemaining => "{time}（剩余 {n}）", "{time} ({n} left)";
        SlotFullLabel => "{time}（已约满）", "{time} (full)";
        NoSlots => "这一天没有可预约的时间了，请选择其他日期。", "No times are left on this day; please choose another day.";
        ChangeChoice => "重新选择", "Choose again";
        DetailsHeading => "填写办理人信息", "Who is coming";
        DetailsIntro => "信息加密保存，仅用于办理登记；页面和短信中只显示部分号码。", "Details are stored encrypted and used only for the registration; pages and messages show numbers only in part.";
        NameLabel => "姓名", "Name";
        IdNumberLabel => "身份证号（18 位）", "ID number (18 characters)";
        PhoneLabel => "手机号", "Mobile number";
        CeremonyAdd => "加办颁证仪式（免费，在颁证大厅举行）", "Add a certificate ceremony (free, in the ceremony hall)";
        CeremonyHint => "只有标明“可加仪式”的时间能加办仪式。", "Only times marked \"ceremony possible\" can have a ceremony.";
        CeremonyFull => "这个时间的颁证仪式已约满，请选择标明“可加仪式”的其他时间，或不加仪式。", "The ceremony hall is fully booked at this time; choose another time marked \"ceremony possible\", or book without a ceremony.";
        CeremonyNotAtThisTime => "这个时间不能加办颁证仪式，请选择标明“可加仪式”的时间。", "No ceremony can be held at this time; choose a time marked \"ceremony possible\".";
        CeremonyPossible => "可加仪式（剩余 {n}）", "ceremony possible ({n} left)";
        CeremonyBooked => "已加办颁证仪式，与登记同一时间开始。", "A certificate ceremony is booked, starting at the same time as the registration.";
        ConfirmBooking => "确认预约", "Confirm the booking";
        YourChoice => "{office}，{time}", "{office}, {time}";
        BookedHeading => "预约成功", "Your booking is confirmed";
        BookedNothing => "这里没有可显示的预约。查看已有的预约，请用预约码和身份证号后四位查询。",
            "There is no booking to show here. To see a booking, look it up with its code and the last four characters of an ID number.";
        BookingCode => "预约码", "Booking code";
        BookingCodeNote => "请记下预约码。查询、改期、取消时需要预约码和任一方身份证号后四位。", "Keep this code. To find, move or cancel the booking you need it and the last four characters of either ID number.";
        BookingWhen => "时间", "Time";
        BookingWhere => "地点", "Place";
        BookingWho => "办理人", "People";
        DivorceWindowText => "离婚申请已于 {received} 受理。冷静期到 {ends} 结束，其间任何一方可以撤回申请。冷静期满后，请双方在 {first} 至 {last} 期间共同到场办理离婚登记；期满未办理的，视为撤回申请。",
            "The divorce application was received on {received}. The cooling-off period ends on {ends}; until then either of you may withdraw. After it, both of you come together between {first} and {last} to register the divorce; if you do not, the application counts as withdrawn.";
        SecondStageBook => "预约第二次到场", "Book the second appointment";
        SecondStageHeading => "选择第二次到场的时间", "Choose the time of the second appointment";
        SecondStageNotYet => "可预约的日期还没开放：每一天提前 15 天开放预约，请到时再来。", "No day in the window is open for booking yet: each day opens 15 days ahead; please come back then.";
        SecondStageDone => "第二次到场已预约，预约码见下方。", "The second appointment is booked; its code is below.";
        SecondStageLabel => "第二次到场（离婚登记）", "Second appointment (divorce registration)";
        FirstStageCode => "第一次到场的预约码：{code}", "Code of the first appointment: {code}";
        SecondStageCode => "第二次到场的预约码：{code}", "Code of the second appointment: {code}";
        BookingStatus => "状态", "Status";
        DocsMarriage => "双方本人的居民身份证原件。无配偶声明在登记处现场签署。", "Both people's resident ID cards (originals). The no-spouse declaration is signed at the office.";
        DocsDivorce => "双方居民身份证、结婚证原件，以及双方签字的离婚协议书。", "Both ID cards, the marriage certificates and a divorce agreement signed by both.";
        DocsReissue => "本人居民身份证，以及能证明婚姻状况的材料（如有）。", "Your ID card and any papers showing the marriage or divorce.";
        AddToCalendar => "加入日历（.ics）", "Add to calendar (.ics)";
        BookingQrLabel => "预约码二维码", "QR code of the booking code";
        BookingLinkLabel => "不能扫码时，在手机浏览器中输入：", "If you cannot scan it, type this into your phone's browser:";
        BookingQrNote => "用自己的手机扫码，可随时查看、改期或取消（还需身份证号后四位）；到登记处时出示此码即可签到。", "Scan this with your own phone to see, move or cancel the booking later (you also need the last four characters of an ID number); show it at the registry to check in.";
        ManageHeading => "查询、改期或取消预约", "Find, move or cancel a booking";
        ManageIntro => "输入预约码，我们会向预约时填写的手机发送验证码。", "Enter the booking code; we send a code to the phones given when booking.";
        CodeLabel => "预约码（8 位）", "Booking code (8 characters)";
        FindBooking => "查询", "Find";
        CancelBooking => "取消预约", "Cancel the booking";
        CancelConfirmHeading => "确定要取消这次预约吗？", "Cancel this booking?";
        CancelConfirmText => "取消后，这个时间会让给别人，不能恢复。", "Once cancelled, the time goes to someone else and cannot be had back.";
        CancelLimitText => "{days} 天内取消 {cancels} 次或未到场 {no_shows} 次的，{block} 天内不能再预约。", "Anyone who cancels {cancels} times or misses {no_shows} appointments within {days} days cannot book again for {block} days.";
        CancelConfirm => "确认取消预约", "Yes, cancel the booking";
        CancelKeep => "不取消，返回预约", "No, keep the booking";
        SlipCancelled => "这次预约已取消", "This booking is cancelled";
        SlipCancelledText => "不需要再去登记处。要办理请重新预约。", "There is no need to go to the registry. To register, book again.";
        CancelDone => "预约已取消，名额已释放。", "The booking is cancelled and its place released.";
        MoveBooking => "改到其他时间", "Move to another time";
        MoveDone => "已改到新的时间。", "The booking has moved to the new time.";
        MoveChooseTime => "选择新的时间", "Choose the new time";
        AlternativesHeading => "可以选择这些时间", "These times are free";
        AlternativeAt => "{office}，{time}（剩余 {n}）", "{office}, {time} ({n} left)";
        SmsBooked => "【便民】您已预约{office} {time}，预约码 {code}。请携带身份证按时到场。",
            "[Bianmin] You are booked at {office}, {time}. Booking code {code}. Bring your ID cards and come on time.";
        SmsVerification => "【便民】验证码 {code}，5 分钟内有效，仅用于婚姻登记预约。请勿告诉他人。",
            "[Bianmin] Your code is {code}. It is valid for 5 minutes, only for your marriage registration booking. Do not tell anyone.";
        SmsWillSend => "确认短信将发送至 {phones}。", "A confirmation text will be sent to {phones}.";
        MessagesHeading => "短信", "Text messages";
        FailedTextsHeading => "发送失败的短信", "Text messages that could not be sent";
        FailedTextsIntro => "以下短信重试后仍未发出。请按预约码联系当事人（电话或窗口告知）。", "These texts were not sent after their retries. Reach the people by their booking code (phone or at the window).";
        FailedTextQueued => "排队时间", "Queued";
        FailedTextPhone => "手机", "Phone";
        FailedTextKind => "短信", "Message";
        FailedTextReason => "原因", "Reason";
        VerifyCodeLabel => "短信验证码（6 位数字）", "Code from the text message (6 digits)";
        VerifyCodeSentTo => "验证码将发送至 {phone}，5 分钟内有效。几分钟内没有收到，可在 60 秒后重新获取。",
            "A code will be sent to {phone}; it is valid for 5 minutes. If none arrives within a few minutes, you can ask for a new one after 60 seconds.";
        VerifySend => "获取验证码", "Send me a code";
        VerifyResend => "重新获取验证码", "Send a new code";
        VerifyPhoneHint => "验证码发到第一位当事人的手机，确认是本人在预约。", "The code goes to the first person's phone, to confirm it is them booking.";
        VerifyPhoneDone => "手机号已验证。", "The phone number is verified.";
        VerifyCodeMissing => "请填写短信中的 6 位验证码。", "Enter the 6-digit code from the text message.";
        VerifyCodeWrong => "验证码不对，请核对短信中的 6 位数字。", "That code is not right; check the 6 digits in the text message.";
        VerifyCodeExpired => "验证码已失效（超过 5 分钟、已使用或错误次数过多），请重新获取。", "The code no longer works (over 5 minutes old, used, or tried too often); ask for a new one.";
        VerifyTooSoon => "刚刚发送过验证码，请 1 分钟后再获取新的验证码。", "A code was just sent; ask for a new one after a minute.";
        VerifyDailyLimit => "今天获取验证码的次数已达上限，请明天再试，或拨打办事处电话。", "No more codes can be sent today; try tomorrow or call the office.";
        ManageCodeSent => "如果预约码正确，验证码将发送至预约时填写的手机号，5 分钟内有效。", "If the booking code is right, a code will be sent to the phone given when booking; it is valid for 5 minutes.";
        StaffIntegratorsHeading => "可信集成方（API 密钥）", "Trusted integrators (API keys)";
        StaffIntegratorsIntro => "本市自己的应用平台已核验居民身份时，可用密钥通过接口预约，无需短信验证码。密钥只能预约，每分钟有上限，每笔预约都记入审计。", "A city's own app platform that has verified the resident itself books through the API with a key instead of a text code. A key can only book, has a per-minute limit, and every booking is audited.";
        StaffIntegratorName => "集成方名称", "Integrator's name";
        StaffIntegratorIssuedBy => "签发人", "Issued by";
        StaffIntegratorActive => "有效", "Active";
        StaffIntegratorAdd => "签发密钥", "Issue a key";
        StaffIntegratorKeyShown => "{name} 的密钥（只显示这一次，请立即交给对方保存；作为 Authorization: Bearer 请求头发送）：", "The key for {name} (shown this once: hand it over now; it is sent as the Authorization: Bearer header):";
        StaffIntegratorNameInvalid => "请填写 1 至 64 个字的名称。", "Enter a name of 1 to 64 characters.";
        IntegratorKeyInvalid => "集成方密钥无效或已吊销。", "The integrator key is not valid or was revoked.";
        JsonOnly => "请以 application/json 发送请求正文。", "Send the request body as application/json.";
        ManageVerifyButton => "打开预约", "Open the booking";
        IdempotencyKeyReused => "这个 Idempotency-Key 已用于另一份不同的预约，请为新的预约换一个新的键。", "This Idempotency-Key was used for a different booking; use a new key for a new booking.";
        CalendarCode => "预约码 {code}", "Booking code {code}";
        ServiceUnavailable => "服务暂时不可用，请稍后再试。", "The service is unavailable for the moment; please try again later.";
        // Directory
        DirectoryUnknownKind => "没有这种场所类型，请从列表中选择。", "There is no such kind of place; please choose one from the list.";
        DirectoryUnknownTag => "没有这种服务项目，请从列表中选择。", "There is no such service; please choose one from the list.";
        DirectoryUnknownRegion => "没有这个地区，请从列表中选择。", "There is no such region; please choose one from the list.";
        DirectoryUnknownEcoBurial => "没有这种节地生态安葬方式，请从列表中选择。", "There is no such kind of eco burial; please choose one from the list.";
        DirectoryBadPrice => "请填写不小于 0 的金额（元），例如 3000。", "Enter an amount in yuan, 0 or more, for example 3000.";
        DirectoryBadLocation => "位置应为“纬度,经度”，例如 24.9196,102.4784。", "A location is “latitude,longitude”, for example 24.9196,102.4784.";
        DirectoryBadLimit => "每页条数应为 1 到 100 之间的整数。", "Results per page must be a whole number from 1 to 100.";
        DirectoryBadOffset => "起始位置应为不小于 0 的整数。", "The starting position must be a whole number, 0 or more.";
        DirectoryBadSwitch => "此项只能选择“是”或“否”。", "This option can only be on or off.";
        DirectoryTextTooLong => "内容太长，请不超过 50 个字。", "Too long: use at most 50 characters.";
        // Directory pages
        KindFuneralHome => "殡仪馆", "Funeral home";
        KindPublicCemetery => "公益性公墓", "Public cemetery";
        KindColumbarium => "骨灰堂", "Columbarium";
        KindCommercialCemetery => "经营性公墓", "Commercial cemetery";
        KindVolunteerStation => "志愿服务站", "Volunteer station";
        KindSocialWorkStation => "社工站", "Social-work station";
        KindStreetOffice => "街道办事处 / 乡镇政府", "Street office / township government";
        KindMarriageRegistry => "婚姻登记处", "Marriage registry office";
        TagElderlyHelp => "助老服务", "Help for older people";
        TagDisabilityHelp => "助残服务", "Help for disabled people";
        TagChildren => "儿童关爱", "Children";
        TagLegalAdvice => "法律咨询", "Legal advice";
        TagPsychologicalSupport => "心理疏导", "Psychological support";
        TagAssistanceApplications => "救助申请代办", "Help applying for assistance";
        TagVolunteerActivities => "志愿活动", "Volunteer activities";
        TagTimeBank => "时间银行", "Time bank";
        TagCommunityMeals => "社区助餐", "Community meals";
        TagRehabilitation => "康复服务", "Rehabilitation";
        TagFamilyCounselling => "家庭辅导", "Family counselling";
        TagService24h => "24 小时服务", "24-hour service";
        TagEcoBurial => "节地生态安葬", "Eco burial";
        TagOnlineMemorial => "网络祭扫", "Online memorial";
        TagCivilisedRemembrance => "文明祭扫", "Civilised remembrance";
        EcoTree => "树葬", "Tree burial";
        EcoFlowerBed => "花坛葬", "Flower-bed burial";
        EcoLawn => "草坪葬", "Lawn burial";
        EcoWall => "壁葬", "Wall niche";
        EcoSea => "海葬", "Sea burial";
        UnitEach => "每次", "each";
        UnitPerDay => "每天", "per day";
        UnitPerYear => "每年", "per year";
        UnitPerTrip => "每趟", "per trip";
        UnitPerKm => "每公里", "per km";
        UnitPerHour => "每小时", "per hour";
        GroupDibao => "低保家庭", "Dibao households";
        GroupTekun => "特困人员", "Extreme-poverty (tekun) persons";
        GroupLowIncome => "低保边缘家庭", "Near-dibao low-income households";
        GroupOrphan => "孤儿", "Orphans";
        GroupAllResidents => "本地全体居民", "All residents of the region";
        GroupNone => "都不是", "None of these";
        OpenAllDay => "24 小时开放", "Open 24 hours";
        OpenUntil => "正在开放，{time} 关门", "Open now, closes {time}";
        ClosedOpensAt => "现在关门，{time} 开门", "Closed now, opens {time}";
        ClosedForNow => "现在关门，近期不开放", "Closed now, not open in the coming days";
        ClosedDay => "休息", "closed";
        HolidaysClosed => "法定节假日休息", "Closed on public holidays";
        HolidaysHours => "法定节假日 {hours}", "Public holidays: {hours}";
        NavAmap => "高德地图导航", "Directions in Amap";
        NavBaidu => "百度地图导航", "Directions in Baidu Maps";
        NavTencent => "腾讯地图导航", "Directions in Tencent Maps";
        CallPlace => "拨打 {phone}", "Call {phone}";
        DistanceAway => "距离约 {distance}", "About {distance} away";
        DisplaySettings => "显示设置", "Display";
        DistanceHere => "就在附近（不到 50 米）", "Right here (under 50 m)";
        OnlyRegion => "只列出{region}的场所。", "Only places in {region} are listed.";
        ShowEverywhere => "也列出其他地区的场所", "List other regions' places too";
        FiltersNow => "查找条件：", "Searching for: ";
        FiltersNone => "全部场所", "every place";
        ChangeFilters => "修改条件", "Change filters";
        FindHeading => "查找服务场所", "Find a place";
        FindIntro => "殡仪馆、公墓、骨灰堂、志愿服务站、社工站和婚姻登记处：离您最近的、现在开放的、提供所需服务的。",
            "Funeral homes, cemeteries, columbaria, volunteer and social-work stations and registry offices: the nearest, the ones open now, the ones offering what you need.";
        FoundCount => "找到 {n} 处", "{n} found";
        SortedFrom => "按离{place}的距离排列。", "Nearest to {place} first.";
        NothingFound => "没有符合条件的场所，请减少筛选条件再试。", "Nothing matches; try fewer filters.";
        PagerLabel => "翻页", "Pages";
        PagePrevious => "上一页", "Previous page";
        PageNext => "下一页", "Next page";
        AnyChoice => "不限", "Any";
        FilterKind => "场所类型", "Kind of place";
        FilterRegion => "地区", "Region";
        FilterFrom => "我在哪个街道（按距离排序）", "Where I am (sort by distance)";
        FilterText => "名称或地址（可输入拼音首字母，如 fhs）", "Name or address (pinyin initials work, e.g. fhs)";
        FilterTag => "提供的服务", "Service offered";
        FilterEco => "节地生态安葬方式", "Eco burial";
        FilterMaxYuan => "最高价格（元）", "Highest price (yuan)";
        FilterMore => "其他条件", "More conditions";
        FilterOpenNow => "现在开放", "Open now";
        FilterStepFree => "无障碍入口", "Step-free entrance";
        FilterToilet => "无障碍卫生间", "Accessible toilet";
        AccessibleParking => "无障碍停车位", "Accessible parking";
        FindButton => "查找", "Search";
        ClearFilters => "清除条件", "Clear filters";
        BackToList => "返回查找", "Back to the search";
        SamplePlace => "示例场所：名称、地址、电话和价格均为演示用，请以实际为准。", "Sample place: its name, address, phone and prices are for demonstration.";
        PlaceAddress => "地址", "Address";
        PlaceHours => "开放时间", "Opening hours";
        PlacePhones => "电话", "Phones";
        PlaceServices => "服务", "Services";
        PlaceAccess => "无障碍设施", "Accessibility";
        Phone24h => "24 小时电话：{phone}", "24-hour line: {phone}";
        LastChecked => "信息核对于 {date}；来源：{source}", "Checked on {date}; source: {source}";
        PricesHeading => "收费标准", "Prices";
        PriceItem => "项目", "Item";
        PriceAmount => "价格", "Price";
        PriceFree => "免费或减免对象", "Free or reduced for";
        PriceNormal => "标准价格", "Standard price";
        PriceToPay => "需支付", "To pay";
        ReducedFor => "{group}：{price}", "{group}: {price}";
        BasicService => "基本服务", "basic service";
        PricesNote => "标为“基本服务”的项目属于惠民殡葬范围，可按本地政策免费或减免。", "Items marked \"basic service\" are covered by the local funeral benefit and may be free or reduced.";
        WhatWouldBeFree => "算一算：哪些项目免费", "What would be free?";
        AfterDeathHeading => "身后事办理指引", "What to do after a death";
        AfterDeathIntro => "亲人离世，请节哀。下面按顺序列出要办的事、去哪里办、带什么和费用。殡仪馆 24 小时有人接听。",
            "We are sorry for your loss. Below, in order, is what to do, where, what to bring and what it costs. Funeral homes answer their phones day and night.";
        StepCertificateTitle => "1. 开具死亡证明", "1. Get the death certificate";
        StepCertificateText => "在医院去世的，由医院开具《居民死亡医学证明（推断）书》；在家中去世的，请联系社区卫生服务中心或拨打 110，由医生或公安机关出具证明。带上逝者身份证、户口簿。免费。",
            "For a death in hospital, the hospital issues the medical death certificate; for a death at home, call the community health centre or 110, and a doctor or the police issue it. Bring the deceased's ID card and household register. Free.";
        StepCallTitle => "2. 联系殡仪馆", "2. Call the funeral home";
        StepCallText => "拨打本地殡仪馆 24 小时电话，预约接运遗体。请只找殡仪馆或民政部门公布的服务机构，谨防非法中介。",
            "Call the local funeral home's 24-hour line to arrange transport. Use only the funeral home or services listed by civil affairs; beware of unlicensed agents.";
        StepTransportTitle => "3. 接运和冷藏", "3. Transport and cold storage";
        StepTransportText => "殡仪馆派专用车接运遗体并冷藏。遗体接运、冷藏属于基本殡葬服务，低保、特困等家庭免费或减免。",
            "The funeral home collects the body in its own vehicle and keeps it in cold storage. Both are basic funeral services, free or reduced for dibao, extreme-poverty and similar households.";
        StepFarewellTitle => "4. 告别和火化", "4. Farewell and cremation";
        StepFarewellText => "在殡仪馆举行告别仪式（可选）后火化，领取骨灰和火化证明。火化和骨灰寄存属于基本殡葬服务。倡导文明节俭办丧。",
            "After an optional farewell at the funeral home, the body is cremated; you receive the ashes and the cremation certificate. Cremation and ash storage are basic funeral services. Simple, civil funerals are encouraged.";
        StepHukouTitle => "5. 注销户口", "5. Cancel the household registration";
        StepHukouText => "带死亡证明、火化证明、逝者户口簿和身份证，到户籍所在地派出所注销户口，交回身份证。免费。",
            "Take the death and cremation certificates, the household register and the ID card to the local police station to cancel the registration and return the ID card. Free.";
        StepBenefitsTitle => "6. 停发待遇、申领丧葬补助", "6. Stop pensions and benefits; claim funeral grants";
        StepBenefitsText => "到社保经办机构办理养老金停发，领取丧葬补助金和抚恤金；领取低保、特困供养、高龄津贴等的，告知街道（乡镇）停发。",
            "At the social-insurance office, stop the pension and claim the funeral grant and survivors' payment; for dibao, extreme-poverty support or old-age allowances, tell the street or township office to stop them.";
        StepBurialTitle => "7. 选择安葬方式", "7. Choose a burial";
        StepBurialText => "可选择公益性公墓、骨灰堂，或树葬、花坛葬、草坪葬、壁葬、海葬等节地生态安葬。可在本站查找公墓并比较价格。",
            "Choose a public cemetery or columbarium, or an eco burial: tree, flower bed, lawn, wall niche or sea. You can find cemeteries and compare prices here.";
        StepAwardTitle => "8. 申领生态安葬奖补", "8. Claim the eco-burial award";
        StepAwardText => "选择节地生态安葬的，可凭安葬证明到街道（乡镇）或民政部门申请奖补，具体标准以本地政策为准。",
            "If you chose an eco burial, take the burial certificate to the street or township office or civil affairs to claim the award; amounts follow local policy.";
        FindFuneralHomes => "查找殡仪馆", "Find a funeral home";
        CalculatorIntro => "选择殡仪馆，回答两个问题，看看基本殡葬服务中哪些免费、能省多少。不保存任何信息。",
            "Choose a funeral home and answer two questions to see which basic funeral services would be free and how much that saves. Nothing is kept.";
        CalculatorHome => "殡仪馆", "Funeral home";
        CalculatorResident => "逝者是这个地区的户籍居民吗？", "Was the deceased a registered resident of this region?";
        CalculatorGroup => "逝者生前属于以下哪类？", "Was the deceased in one of these groups?";
        CalculatorGroupHintBefore => "不确定的，可以先做", "Not sure? The ";
        CalculatorGroupHintLink => "救助资格预查", "assistance pre-check";
        CalculatorGroupHintAfter => "，看看家庭是否符合低保或特困条件。", " can show whether the household may qualify for dibao or tekun.";
        LinesNearKiosk => "离这台自助机最近的殡仪馆：", "The funeral homes nearest this kiosk:";
        LinesAll => "各地殡仪馆的 24 小时电话：", "Funeral homes' 24-hour lines:";
        Line24h => "24 小时电话 {phone}", "24-hour line {phone}";
        CalculatorButton => "计算", "Work it out";
        CalculatorAt => "在{place}的基本殡葬服务", "Basic funeral services at {place}";
        CalculatorTotal => "标准价格合计 {normal}，需支付 {pay}，共减免 {saved}。", "Standard total {normal}; to pay {pay}; saved {saved}.";
        CalculatorNote => "结果为估算，以殡仪馆和民政部门核定为准。办理时请带好低保、特困等证明。", "An estimate: the funeral home and civil affairs decide. Bring the dibao or tekun certificate when arranging the funeral.";
        FuneralFind => "查找殡仪馆、公墓和骨灰堂", "Find funeral homes, cemeteries and columbaria";
        FuneralEco => "查找提供节地生态安葬的公墓", "Find cemeteries offering eco burial";
        VolunteerFind => "查找最近的志愿服务站", "Find the nearest volunteer station";
        SocialWorkFind => "查找社工站", "Find a social-work station";
        VolunteerIntro => "每个社区综合服务设施都设有志愿服务站，每个街道（乡镇）都有社工站。可以在这里查看离您最近的站点、现在是否开放、提供哪些服务。",
            "Every community service centre has a volunteer station, and every street or township a social-work station. Find the nearest, whether it is open now and what it offers.";
        MapLabel => "地图", "Map";
        MapUnavailable => "地图暂时无法加载，请使用左侧（上方）列表和导航链接。", "The map cannot load right now; use the list and the directions links.";
        NearMe => "在我附近", "Near me";
        NearMeFailed => "无法获取您的位置，请从列表中选择街道。", "Your position is not available; pick a street from the list instead.";
        SortedFromYou => "按离您当前位置的距离排列。", "Nearest to where you are first.";
        EveryDay => "每天", "Every day";
        DayRange => "{from}至{to}", "{from} to {to}";
        // Kiosks, display options and reading aloud.
        ContrastLabel => "对比度", "Contrast";
        ContrastStandard => "标准", "Standard";
        ContrastHigh => "高对比", "High contrast";
        ContrastInvalid => "不支持这个对比度选项。", "This contrast option is not offered.";
        ReadAloud => "朗读本页", "Read this page aloud";
        ReadAloudStop => "停止朗读", "Stop reading";
        KioskEnrolHeading => "登记自助终端", "Enrol this kiosk";
        KioskEnrolIntro => "输入工作人员提供的一次性登记码。登记后，本设备将以自助终端模式运行。", "Type the one-time code staff gave you. Once enrolled, this device runs in kiosk mode.";
        KioskEnrolCode => "登记码", "Enrolment code";
        KioskEnrolButton => "登记", "Enrol";
        KioskEnrolled => "本设备已登记为自助终端“{kiosk}”。", "This device is enrolled as the kiosk “{kiosk}”.";
        CalendarNotOnKiosk => "自助终端不提供日历文件下载，请用手机扫描预约单上的二维码。", "Calendar files are not offered on a kiosk: scan the QR code on the slip with your phone.";
        KioskEnrolLocked => "登记码错误次数过多，本设备 15 分钟内不能再登记，请稍后再试。", "Too many wrong codes: enrolment from this device is paused for 15 minutes. Please try again later.";
        KioskNoStaff => "这是自助服务终端，不能在此登录工作人员账号。请在工作电脑上登录。", "This is a self-service kiosk: staff cannot sign in here. Please sign in on a staff computer.";
        KioskCodeWrong => "登记码不正确、已使用或已过期。", "This code is wrong, already used or expired.";
        SortedFromKiosk => "按离本终端（{kiosk}）的距离排列。", "Nearest to this kiosk ({kiosk}) first.";
        TrainingServer => "培训服务器：这里的时钟设为 {now}，不是真实时间；这里的预约和记录都不是真的。", "Training server: its clock says {now}, not the real time; bookings and records here are not real.";
        ReadOutDirections => "怎么去：{directions}。", " How to get there: {directions}.";
        PlaceDirections => "怎么去", "How to get there";
        ReadOutText => "{name}，{kind}。地址：{address}，位于{district}{street}。{status}。开放时间：{hours}。电话：{phones}。", "{name}, {kind}. Address: {address}, in {street}, {district}. {status}. Opening hours: {hours}. Phone: {phones}.";
        SmsCancelledByOffice => "【便民】因{office}调整安排，您{time}的预约（{code}）已取消，请重新预约。给您带来不便，敬请谅解。", "[Bianmin] {office} changed its arrangements: your booking {code} at {time} is cancelled. Please book again. We are sorry for the trouble.";
        SmsSummary => "【便民】预约码 {code}：{office}，{time}，地址 {address}。请携带身份证按时到场。", "[Bianmin] Booking {code}: {office}, {time}, {address}. Bring your ID cards and come on time.";
        // Staff accounts and sessions.
        RoleAdmin => "管理员", "Administrator";
        RoleRegistrar => "登记员", "Registrar";
        RoleAgent => "热线坐席", "Hotline agent";
        StaffSignInHeading => "工作人员登录", "Staff sign-in";
        StaffSignInIntro => "仅供民政工作人员使用。您的每一项操作都会被记录。", "For civil-affairs staff only. Every action you take is recorded.";
        StaffUsername => "用户名", "User name";
        StaffPassword => "密码", "Password";
        StaffSignIn => "登录", "Sign in";
        StaffSignInWrong => "用户名或密码不正确。", "The user name or password is wrong.";
        StaffSignInLocked => "失败次数过多，已暂时锁定，请在 {time} 后再试。", "Too many failed attempts: locked until {time}. Try again then.";
        StaffSignInBusy => "登录的人较多，请过几秒再试一次。这次没有计入失败次数。", "Many people are signing in: please try again in a few seconds. This attempt was not counted.";
        StaffSignInNeeded => "请先登录。", "Sign in first.";
        StaffSignedOut => "您已退出登录。", "You are signed out.";
        StaffForbidden => "您的角色不能打开这个页面。", "Your role cannot open this page.";
        StaffForbiddenHeading => "无权访问", "Not allowed";
        StaffCsrfRefused => "请求缺少有效的表单令牌，未做任何更改。请刷新页面后重试。", "The request had no valid form token, so nothing was changed. Reload the page and try again.";
        StaffSignedInAs => "{name}（{role}）", "{name} ({role})";
        StaffSessionEnds => "无操作将于 {time} 自动退出", "Signs out at {time} if idle";
        StaffSessionWarning => "两分钟内无操作将自动退出登录。", "You will be signed out in two minutes unless you stay.";
        StaffStay => "保持登录", "Stay signed in";
        StaffSignOut => "退出登录", "Sign out";
        StaffHomeHeading => "工作台", "Staff home";
        StaffAccountsHeading => "工作人员账号", "Staff accounts";
        StaffAccountsIntro => "添加账号，停用或启用账号。", "Add accounts, turn them off or on.";
        StaffKiosksHeading => "自助终端", "Kiosks";
        StaffKiosksIntro => "添加终端并生成一次性登记码，或停用终端。", "Add kiosks with a one-time enrolment code, or revoke them.";
        StaffAuditHeading => "操作记录", "Audit trail";
        StaffAuditIntro => "查询和导出工作人员的每一项操作。", "Filter and export every staff action.";
        StaffDeskHeading => "登记窗口", "Registry desk";
        StaffDeskIntro => "今日及近期预约、签到、未到、受理离婚申请、调整安排。", "Today's and coming appointments, check-in, no-shows, received divorce applications, closures.";
        StaffAgentHeading => "热线坐席台", "Hotline console";
        StaffAgentIntro => "为来电群众查询、改期、取消和代为预约，读出服务场所信息。", "Find, move, cancel and book for callers; read out place details.";
        // Registry desk.
        StaffCheckInHeading => "签到", "Check-in";
        BookingCodeLabel => "预约码", "Booking code";
        BookingCodeRequired => "请输入预约码。", "Enter the booking code.";
        StaffScanHint => "输入或扫描预约码后按回车。", "Type or scan the booking code, then press Enter.";
        StaffCheckIn => "签到", "Check in";
        StaffNoShow => "未到", "No-show";
        StaffReceive => "受理离婚申请", "Application received";
        StaffCheckedIn => "{code} 已签到：{names}。", "{code} checked in: {names}.";
        StaffMarkedNoShow => "{code} 已记为未到。", "{code} marked as a no-show.";
        StaffReceived => "{code} 的离婚登记申请已受理，冷静期开始计算。", "The divorce application of {code} is received; the cooling-off period starts.";
        StaffCodeNotHere => "本登记处没有这个预约码。", "This office has no booking with that code.";
        StaffDayHeading => "当日预约", "Appointments of the day";
        StaffDate => "日期", "Date";
        StaffShowDay => "查看", "Show";
        StaffNoSlots => "这一天没有可预约时段。", "There are no bookable times on this day.";
        StaffTime => "时间", "Time";
        StaffService => "业务", "Service";
        StaffPlaces => "已约 / 名额", "Booked / places";
        StaffBookings => "预约", "Bookings";
        StatusConfirmed => "已预约", "Booked";
        StatusCancelled => "已取消", "Cancelled";
        StatusAttended => "已签到", "Checked in";
        StatusNoShow => "未到", "No-show";
        StaffChangeDayHeading => "停办或调整名额", "Close a day or change its places";
        StaffChangeDayHint => "名额填 0 即停办。超出新名额的预约（后约的先取消）会被取消，并短信通知当事人。", "Enter 0 places to close. Bookings beyond the new number (latest made first) are cancelled and their people get a text message.";
        StaffAllServices => "全部业务", "All services";
        StaffCapacity => "每个时段的名额", "Places per time";
        StaffCapacityHint => "0 到 500 之间的整数。", "A whole number from 0 to 500.";
        StaffCapacityInvalid => "名额应为 0 到 500 之间的整数。", "Places must be a whole number from 0 to 500.";
        StaffDateInPast => "不能调整已经过去的日期。", "Past days cannot be changed.";
        StaffChangeDayConfirm => "我已知晓超出名额的预约将被取消并通知当事人", "I understand bookings beyond the places will be cancelled and their people told";
        StaffConfirmNeeded => "请勾选确认后再提交。", "Tick the confirmation first.";
        StaffChangeDay => "保存调整", "Save the change";
        StaffDayChanged => "已保存。取消了 {count} 个预约，将短信通知当事人（发送失败的短信列在本页）。", "Saved. {count} booking(s) cancelled; their people will get a text (texts that fail are listed on this page).";
        StaffChartHeading => "近 14 天预约情况", "Places booked in the next 14 days";
        StaffBookedOfCapacity => "已约 / 名额", "Booked / places";
        ServiceInvalid => "请选择业务。", "Choose a service.";
        // Hotline console.
        StaffShortcutsHeading => "快捷键", "Shortcuts";
        StaffShortcuts => "快捷键（Alt+Shift+字母，Mac 为 Ctrl+Option+字母）：F 查询预约，B 代为预约，E 资格预审，D 查找场所。Tab 依次移动，回车提交。", "Shortcuts (Alt+Shift+letter; on a Mac Ctrl+Option+letter): F find a booking, B book for a caller, E eligibility pre-check, D find a place. Tab moves on, Enter submits.";
        StaffFindHeading => "查询预约", "Find a booking";
        StaffFindBy => "查询方式", "Find by";
        StaffByCode => "预约码", "Booking code";
        StaffByPhone => "手机号", "Phone number";
        StaffById => "身份证号", "ID number";
        StaffFindValue => "预约码、手机号或身份证号", "Booking code, phone or ID number";
        StaffFind => "查询", "Find";
        StaffSearchedBy => "按{by} {value} 查找：", "Searched by {by} {value}:";
        StaffLookupKindInvalid => "请选择查询方式。", "Choose what to find by.";
        StaffNothingFound => "没有找到预约。", "No booking found.";
        StaffFindValueNeeded => "请输入预约码、手机号或身份证号（最多 40 个字符）。", "Enter a booking code, phone number or ID number (at most 40 characters).";
        StaffPeople => "当事人", "People";
        StaffSendSummary => "短信发送预约信息", "Text the booking details";
        StaffCancelForCaller => "代为取消", "Cancel for the caller";
        StaffCancelReason => "取消原因", "Why it is cancelled";
        StaffCancelReasonAsked => "来电人要求取消", "The caller asked to cancel";
        StaffCancelReasonCannotAttend => "来电人无法到场，也不改期", "The caller cannot come and does not want another time";
        StaffCancelReasonTwice => "重复预约", "Booked twice";
        StaffCancelReasonOther => "其他", "Other";
        StaffCancelToldCaller => "已告诉来电人：取消后不能恢复。", "I have told the caller it cannot be undone.";
        StaffCancelNotConfirmed => "取消前请先告诉来电人取消后不能恢复及次数限制，并勾选确认。", "Before cancelling, tell the caller it cannot be undone and about the limit, and tick to confirm.";
        StaffNewTime => "新时间", "New time";
        StaffReschedule => "代为改期", "Move for the caller";
        StaffCancelled => "{code} 已取消。", "{code} is cancelled.";
        StaffRescheduled => "{code} 已改到 {time}。", "{code} is moved to {time}.";
        StaffSummarySent => "预约信息将发送至 {phones}（发送结果见预约的短信一栏）。", "The details will be texted to {phones} (the booking's texts show whether they went).";
        StaffNoPhone => "这个预约没有可用的手机号。", "This booking has no phone number to send to.";
        StaffBookHeading => "代为预约", "Book for a caller";
        StaffShowTimes => "查看可约时间", "Show free times";
        StaffTimeOption => "{time}（余 {n}）", "{time} ({n} left)";
        PersonHeading => "第 {n} 位当事人", "Person {n}";
        StaffCallerAgreed => "来电人已同意由我代为预约，并同意提供以上信息", "The caller agreed that I book for them and to give these details";
        StaffConsentNeeded => "请先确认来电人已同意。", "Confirm that the caller agreed first.";
        StaffBookForCaller => "代为预约", "Book for the caller";
        StaffSendCode => "发送验证码到来电人手机", "Text a code to the caller's phone";
        StaffCodeHint => "验证码发到第一位当事人的手机；请来电人读出后填写，确认是本人在预约。", "The code goes to the first person's phone; the caller reads it out, confirming it is them booking.";
        StaffCodeSent => "验证码将发送至 {phone}。请来电人收到后读出。", "A code will be texted to {phone}. Ask the caller to read it out.";
        StaffCodeRead => "来电人读出的验证码（6 位数字）", "The code the caller reads out (6 digits)";
        StaffBooked => "已预约，预约码 {code}。请读给来电人。", "Booked: code {code}. Read it to the caller.";
        SlotStartInvalid => "请选择时间。", "Choose a time.";
        StaffPrecheckHeading => "资格预审", "Eligibility pre-check";
        StaffPrecheckOpen => "一页式资格预审", "One-page pre-check";
        StaffPrecheckPageHeading => "代来电人做资格预审", "Pre-check for a caller";
        StaffPrecheckIntro => "边听边填：所有问题在一页上，改了家庭人数后按“更新问题”。结果下方有可直接读给来电人的文字。回答不会保存。", "Fill it in as the caller talks: every question is on this page; after changing the household size press \"Update the questions\". The result comes with a text to read to the caller. Answers are not kept.";
        StaffReadOutHeading => "查找场所并读给来电人", "Find a place to read out";
        StaffReadOutSearch => "名称、地址或拼音首字母", "Name, address or pinyin initials";
        // Admin pages.
        StaffDisplayName => "显示名称", "Display name";
        StaffRole => "角色", "Role";
        StaffState => "状态", "State";
        StaffActive => "启用", "Active";
        StaffInactive => "已停用", "Turned off";
        StaffDisable => "停用", "Turn off";
        StaffEnable => "启用", "Turn on";
        StaffAddAccount => "添加账号", "Add an account";
        StaffOfficeForRegistrar => "登记处（仅登记员）", "Office (registrars only)";
        StaffInitialPassword => "初始密码（至少 12 位）", "First password (at least 12 characters)";
        StaffAccountAdded => "已添加账号 {username}。", "Account {username} added.";
        StaffCannotDisableSelf => "不能停用自己的账号。", "You cannot turn off your own account.";
        StaffSaved => "已保存。", "Saved.";
        StaffDisplayNameInvalid => "请填写 1 到 64 个字的显示名称。", "Enter a display name of 1 to 64 characters.";
        StaffUsernameInvalid => "用户名为 1 到 64 个字母、数字、点、横线或下划线，且不能与已有账号重复。", "A user name is 1 to 64 letters, digits, dots, dashes or underscores, and not taken.";
        StaffPasswordWeak => "密码至少 12 位，且不能与用户名相同。", "A password has at least 12 characters and is not the user name.";
        StaffCodeHeading => "输入验证码", "Enter your code";
        StaffCodeIntro => "密码正确。请打开手机上的验证器应用，输入“便民”显示的 6 位数字。", "The password is right. Open the authenticator app on your phone and enter the 6 digits it shows for Bianmin.";
        StaffCodeLabel => "验证码或恢复码", "Code or recovery code";
        StaffSignInCodeHint => "手机不在身边时，可输入一个恢复码（如 ACDEF-GHJKL），每个只能用一次。", "Without your phone, enter one of your recovery codes (like ACDEF-GHJKL); each works once.";
        StaffCodeRestart => "重新登录", "Start again";
        StaffCodeWrong => "验证码不正确或已用过，请输入应用中当前的数字。", "That code is wrong or was used already: enter the digits the app shows now.";
        StaffSecurityHeading => "账号安全", "Sign-in security";
        StaffMustChangePassword => "管理员重置了您的密码。请先设置一个只有您知道的新密码。", "An admin reset your password. Please set a new one that only you know first.";
        StaffMustEnrol => "您的角色需要第二重验证。请先在手机上设置验证器，之后每次登录都要输入它的验证码。", "Your role needs a second factor. Please set up an authenticator app on your phone first; each sign-in will then ask for its code.";
        StaffRecoveryCodesHeading => "恢复码（只显示这一次）", "Recovery codes (shown only now)";
        StaffRecoveryCodesIntro => "请抄下或打印，放在安全的地方。手机丢失时，每个恢复码可代替验证码使用一次。", "Write them down or print them and keep them safe. If you lose your phone, each code can stand in for a code once.";
        StaffFactorQrLabel => "用验证器应用扫描此二维码", "Scan this QR code with your authenticator app";
        StaffFactorOn => "第二重验证已开启。剩余恢复码：{left} 个。", "The second factor is on. Recovery codes left: {left}.";
        StaffRecoveryRenew => "生成新的恢复码", "Make new recovery codes";
        StaffRecoveryRenewed => "已生成新的恢复码，旧的不再有效。", "New recovery codes made; the old ones no longer work.";
        StaffFactorRequired => "您的角色必须开启第二重验证。", "Your role must use a second factor.";
        StaffFactorOptional => "建议开启第二重验证：即使密码泄露，别人也无法登录。", "A second factor is recommended: even with your password, no one else can sign in.";
        StaffFactorStepApp => "在手机上安装验证器应用（如 Microsoft Authenticator、Google 身份验证器或 FreeOTP）。", "Install an authenticator app on your phone (such as Microsoft Authenticator, Google Authenticator or FreeOTP).";
        StaffFactorStepScan => "在应用中扫描下面的二维码，或手动输入下面的密钥，然后输入应用显示的 6 位数字。", "In the app, scan the QR code below or type the key below, then enter the 6 digits the app shows.";
        StaffFactorSecretLabel => "密钥：", "Key:";
        StaffFactorCodeLabel => "应用显示的 6 位数字", "The 6 digits the app shows";
        StaffFactorConfirm => "开启第二重验证", "Turn on the second factor";
        StaffFactorTurnedOn => "第二重验证已开启。", "The second factor is on.";
        StaffFactorHeading => "第二重验证", "Second factor";
        StaffPasswordHeading => "修改密码", "Change password";
        StaffPasswordOld => "当前密码", "Current password";
        StaffPasswordNew => "新密码（至少 12 位）", "New password (at least 12 characters)";
        StaffPasswordAgain => "再次输入新密码", "New password again";
        StaffPasswordChange => "修改密码", "Change password";
        StaffPasswordOldWrong => "当前密码不正确。", "The current password is wrong.";
        StaffPasswordNewWeak => "新密码至少 12 位，不能与用户名或当前密码相同。", "The new password needs at least 12 characters and cannot be the user name or the current password.";
        StaffPasswordDiffers => "两次输入的新密码不一致。", "The two new passwords differ.";
        StaffPasswordChanged => "密码已修改。此账号在其他设备上的登录已结束。", "Password changed. This account's sessions on other devices have ended.";
        StaffResetSignIn => "重置登录", "Reset sign-in";
        StaffResetDone => "“{name}”的一次性密码（只显示这一次，下次登录时必须修改；第二重验证需重新设置）：", "The one-time password for “{name}” (shown only now; it must be changed at the next sign-in, and the second factor set up again):";
        StaffOfficeNeeded => "登记员需要选择登记处；其他角色不选。", "Registrars need an office; other roles have none.";
        StaffRoleInvalid => "请选择角色。", "Choose a role.";
        StaffKioskName => "终端名称", "Kiosk name";
        StaffKioskNameInvalid => "请填写 1 到 64 个字的终端名称。", "Enter a kiosk name of 1 to 64 characters.";
        RegionLabel => "地区", "Region";
        RegionInvalid => "请选择地区。", "Choose a region.";
        StaffLocation => "位置", "Location";
        StaffLatitude => "纬度（WGS-84）", "Latitude (WGS-84)";
        StaffLongitude => "经度（WGS-84）", "Longitude (WGS-84)";
        StaffCoordinateInvalid => "请填写有效的经纬度，例如 25.0400 和 102.7100。", "Enter a valid coordinate, such as 25.0400 and 102.7100.";
        StaffAddKiosk => "添加终端", "Add a kiosk";
        StaffKioskCode => "“{kiosk}”的一次性登记码（24 小时内有效，只显示这一次）：在终端上打开 {path} 并输入：", "The one-time code for “{kiosk}” (valid for 24 hours, shown only now): open {path} on the kiosk and type:";
        StaffKioskEnrolled => "已登记", "Enrolled";
        StaffKioskWaiting => "等待登记", "Waiting for enrolment";
        StaffKioskRevoked => "已停用", "Revoked";
        StaffRevoke => "停用", "Revoke";
        StaffAuditWhen => "时间", "When";
        StaffAuditActor => "操作人", "Who";
        StaffAuditFrom => "来源地址", "From";
        StaffAuditAction => "操作", "Action";
        StaffAuditRecord => "记录", "Record";
        StaffAuditDetail => "说明", "Detail";
        StaffFilter => "筛选", "Filter";
        StaffExportCsv => "导出 CSV", "Export CSV";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_and_name_strings_hold_one_piece_per_message_each() {
        assert_eq!(browser_part::texts().len(), BROWSER_COUNT * 2);
        assert_eq!(
            SERVER_TEXTS.split_terminator('\0').count(),
            (Msg::ALL.len() - BROWSER_COUNT) * 2
        );
        assert_eq!(
            pieces(BROWSER_NAMES, ',', &BROWSER_NAME_INDEX).len(),
            BROWSER_COUNT
        );
        assert_eq!(server_part::names().len(), Msg::ALL.len() - BROWSER_COUNT);
        let last = *Msg::ALL.last().unwrap();
        assert_eq!(Msg::from_name(last.name()), Some(last));
    }

    #[test]
    fn a_page_carries_the_browser_texts_of_its_language_and_nothing_that_ends_its_block() {
        let hostile = data_block_json(&["a </script><script>alert(1)</script>", "<!-- b"]);
        assert!(!hostile.contains('<'), "{hostile}");
        assert_eq!(
            serde_json::from_str::<Vec<String>>(&hostile).unwrap(),
            ["a </script><script>alert(1)</script>", "<!-- b"]
        );
        for locale in Locale::ALL {
            let json = browser_texts_json(locale);
            let texts: Vec<String> = serde_json::from_str(&json).unwrap();
            assert_eq!(texts.len(), BROWSER_COUNT);
            for (at, text) in texts.iter().enumerate() {
                assert_eq!(text, Msg::ALL[at].text(locale));
            }
        }
        assert_eq!(
            serde_json::from_str::<Vec<String>>(&browser_texts_json(Locale::En)).unwrap()[0],
            "Bianmin"
        );
    }
}
