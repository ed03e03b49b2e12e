//! The message table: one line per user-facing string, Chinese first, then English.

use super::Locale;

macro_rules! messages {
    ($($name:ident => $zh:literal, $en:literal;)*) => {
        /// A user-facing string, translated by [`Msg::text`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum Msg { $($name,)* }

        impl Msg {
            /// Every message, for completeness checks.
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            /// The message in the given language.
            pub fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $(
                        (Msg::$name, Locale::ZhCn) => $zh,
                        (Msg::$name, Locale::En) => $en,
                    )*
                }
            }
        }
    };
}

messages! {
    SiteName => "便民", "Bianmin";
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
    SampleData => "示例数据", "sample data";
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
    InputInvalid => "输入有误，请检查标出的项目。", "Some input is not valid; please check the marked fields.";
    LangInvalid => "不支持这种语言，请选择中文（zh-CN）或英文（en）。", "That language is not supported; choose Chinese (zh-CN) or English (en).";
    TextSizeInvalid => "不支持这种字号，请选择标准字或大字。", "That text size is not supported; choose standard or large.";
    ReturnToInvalid => "返回地址必须是本站的页面。", "The return address must be a page of this site.";
    CrossSiteRefused => "为了您的安全，已拒绝来自其他网站的请求。", "For your security, a request from another website was refused.";
    ResourceNotFound => "找不到所请求的内容。", "The requested item was not found.";
    RequestTooLarge => "提交的内容过大。", "The request is too large.";
    InternalError => "服务器出现内部错误，请稍后再试。", "The server had an internal error; please try again later.";
    ServiceUnavailable => "服务暂时不可用，请稍后再试。", "The service is unavailable for the moment; please try again later.";
}
