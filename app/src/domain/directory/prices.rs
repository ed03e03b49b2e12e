//! Price lists of funeral homes, cemeteries and columbaria, and what a family would pay for the
//! services it chooses: basic funeral services are free or reduced for some residents of the
//! facility's region (惠民殡葬). Money is integer fen, as everywhere (see `domain::money`).

use serde::{Deserialize, Serialize};

keyed_enum! {
    /// What a price is for.
    pub enum ItemKind {
        /// 遗体接运.
        BodyTransport => "body_transport",
        /// 遗体冷藏.
        ColdStorage => "cold_storage",
        /// 告别厅 / 守灵厅.
        FarewellHall => "farewell_hall",
        /// 遗体火化.
        Cremation => "cremation",
        /// 骨灰寄存 at a funeral home, usually per year.
        UrnStorage => "urn_storage",
        /// 骨灰盒.
        Urn => "urn",
        /// A traditional grave plot (墓穴).
        Grave => "grave",
        /// A niche in a columbarium (骨灰格位).
        Niche => "niche",
        /// 树葬.
        TreeBurial => "tree",
        /// 花坛葬.
        FlowerBedBurial => "flower_bed",
        /// 草坪葬.
        LawnBurial => "lawn",
        /// 壁葬 / 骨灰墙.
        WallBurial => "wall",
        /// 海葬 (scattering at sea).
        SeaBurial => "sea",
        Other => "other",
    }
}

keyed_enum! {
    /// The land-saving eco burials (节地生态安葬), for filtering.
    pub enum EcoBurial {
        Tree => "tree",
        FlowerBed => "flower_bed",
        Lawn => "lawn",
        Wall => "wall",
        Sea => "sea",
    }
}

impl ItemKind {
    /// The eco burial this item is, if it is one.
    pub fn eco_burial(self) -> Option<EcoBurial> {
        EcoBurial::ALL.iter().copied().find(|e| e.item() == self)
    }
}

impl EcoBurial {
    /// The price-list item of this burial.
    pub fn item(self) -> ItemKind {
        match self {
            EcoBurial::Tree => ItemKind::TreeBurial,
            EcoBurial::FlowerBed => ItemKind::FlowerBedBurial,
            EcoBurial::Lawn => ItemKind::LawnBurial,
            EcoBurial::Wall => ItemKind::WallBurial,
            EcoBurial::Sea => ItemKind::SeaBurial,
        }
    }
}

keyed_enum! {
    /// What one price buys.
    pub enum Unit {
        Each => "each",
        PerDay => "per_day",
        PerYear => "per_year",
        PerTrip => "per_trip",
        PerKm => "per_km",
        PerHour => "per_hour",
    }
}

keyed_enum! {
    /// Who may get an item free or cheaper. Every group means residents of the facility's region:
    /// the benefit is paid by that region.
    pub enum FreeGroup {
        Dibao => "dibao",
        Tekun => "tekun",
        /// 低保边缘 / 低收入家庭.
        LowIncome => "low_income",
        Orphan => "orphan",
        AllResidents => "all_residents",
    }
}

/// A lower price for a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reduction {
    pub group: FreeGroup,
    pub price_fen: i64,
}

/// One line of a price list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceItem {
    pub item: ItemKind,
    pub name_zh: String,
    pub name_en: String,
    /// The price, or the lowest price when `price_max_fen` is given.
    pub price_fen: i64,
    /// The highest price when the item comes in a range (graves of different sizes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_max_fen: Option<i64>,
    pub unit: Unit,
    /// One of the basic funeral services (基本殡葬服务) the benefits are about.
    #[serde(default)]
    pub basic: bool,
    #[serde(default)]
    pub free_for: Vec<FreeGroup>,
    #[serde(default)]
    pub reduced_for: Vec<Reduction>,
}

/// The facts about the person who died that decide the benefits. Only what the rules need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Deceased {
    /// Had household registration (户籍) in the facility's region.
    pub resident_of_region: bool,
    pub dibao: bool,
    pub tekun: bool,
    pub low_income: bool,
    pub orphan: bool,
}

impl Deceased {
    /// Whether the person belongs to `group`. Groups are residents of the region only.
    pub fn is_in(&self, group: FreeGroup) -> bool {
        self.resident_of_region
            && match group {
                FreeGroup::Dibao => self.dibao,
                FreeGroup::Tekun => self.tekun,
                FreeGroup::LowIncome => self.low_income,
                FreeGroup::Orphan => self.orphan,
                FreeGroup::AllResidents => true,
            }
    }
}

impl PriceItem {
    /// The unit price this person pays and the group that brought it down, if any: the lowest of
    /// the normal price, free (0) and each reduction they qualify for.
    pub fn price_for(&self, who: &Deceased) -> (i64, Option<FreeGroup>) {
        let mut best = (self.price_fen, None);
        let offers = self
            .free_for
            .iter()
            .map(|g| (*g, 0))
            .chain(self.reduced_for.iter().map(|r| (r.group, r.price_fen)));
        for (group, price) in offers {
            if who.is_in(group) && price < best.0 {
                best = (price, Some(group));
            }
        }
        best
    }
}

/// An item chosen from a price list by its position, with how many (days, kilometres, years).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chosen {
    pub index: usize,
    pub quantity: u32,
}

/// One line of an estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Position in the price list.
    pub index: usize,
    pub quantity: u32,
    /// Normal price × quantity.
    pub normal_fen: i64,
    /// What this person pays for the line.
    pub pay_fen: i64,
    /// The group whose benefit applied.
    pub benefit: Option<FreeGroup>,
}

/// What the chosen items cost normally and for this person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub lines: Vec<Line>,
    pub normal_fen: i64,
    pub pay_fen: i64,
    pub saved_fen: i64,
}

/// The basic services of a price list, one of each.
pub fn basic_services(prices: &[PriceItem]) -> Vec<Chosen> {
    prices
        .iter()
        .enumerate()
        .filter(|(_, p)| p.basic)
        .map(|(index, _)| Chosen { index, quantity: 1 })
        .collect()
}

/// What `who` would pay for `chosen` items of `prices` (the basic services when `None`), line by
/// line, and how much the benefits save. Positions outside the list are skipped.
pub fn estimate(prices: &[PriceItem], who: &Deceased, chosen: Option<&[Chosen]>) -> Estimate {
    let basic;
    let chosen = match chosen {
        Some(c) => c,
        None => {
            basic = basic_services(prices);
            &basic
        }
    };
    let mut out = Estimate::default();
    for c in chosen {
        let Some(item) = prices.get(c.index) else {
            continue;
        };
        let quantity = i64::from(c.quantity);
        let (unit_pay, benefit) = item.price_for(who);
        let line = Line {
            index: c.index,
            quantity: c.quantity,
            normal_fen: item.price_fen.saturating_mul(quantity),
            pay_fen: unit_pay.saturating_mul(quantity),
            benefit,
        };
        out.normal_fen = out.normal_fen.saturating_add(line.normal_fen);
        out.pay_fen = out.pay_fen.saturating_add(line.pay_fen);
        out.lines.push(line);
    }
    out.saved_fen = out.normal_fen - out.pay_fen;
    out
}

/// The lowest price in a list, of one eco burial or of any item.
pub fn lowest_price(prices: &[PriceItem], eco: Option<EcoBurial>) -> Option<i64> {
    prices
        .iter()
        .filter(|p| eco.is_none_or(|e| p.item == e.item()))
        .map(|p| p.price_fen)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::yuan;
    use proptest::prelude::*;

    fn item(item: ItemKind, price: i64, unit: Unit, basic: bool) -> PriceItem {
        PriceItem {
            item,
            name_zh: item.key().into(),
            name_en: item.key().into(),
            price_fen: yuan(price),
            price_max_fen: None,
            unit,
            basic,
            free_for: vec![],
            reduced_for: vec![],
        }
    }

    /// A funeral home's list: basic services free for dibao and tekun, cremation reduced for
    /// every resident, a farewell hall that is not basic.
    fn list() -> Vec<PriceItem> {
        let free = vec![FreeGroup::Dibao, FreeGroup::Tekun];
        vec![
            PriceItem {
                free_for: free.clone(),
                ..item(ItemKind::BodyTransport, 200, Unit::PerTrip, true)
            },
            PriceItem {
                free_for: free.clone(),
                ..item(ItemKind::ColdStorage, 100, Unit::PerDay, true)
            },
            PriceItem {
                free_for: free.clone(),
                reduced_for: vec![Reduction {
                    group: FreeGroup::AllResidents,
                    price_fen: yuan(300),
                }],
                ..item(ItemKind::Cremation, 500, Unit::Each, true)
            },
            PriceItem {
                free_for: free,
                ..item(ItemKind::UrnStorage, 150, Unit::PerYear, true)
            },
            item(ItemKind::FarewellHall, 600, Unit::Each, false),
        ]
    }

    #[test]
    fn basic_services_are_free_for_a_resident_on_dibao() {
        let who = Deceased {
            resident_of_region: true,
            dibao: true,
            ..Deceased::default()
        };
        let e = estimate(&list(), &who, None);
        assert_eq!(e.lines.len(), 4, "the four basic services");
        assert!(e
            .lines
            .iter()
            .all(|l| l.pay_fen == 0 && l.benefit == Some(FreeGroup::Dibao)));
        assert_eq!(e.normal_fen, yuan(950));
        assert_eq!(e.pay_fen, 0);
        assert_eq!(e.saved_fen, yuan(950));
    }

    #[test]
    fn benefits_need_residence_in_the_region() {
        let visitor_on_dibao = Deceased {
            resident_of_region: false,
            dibao: true,
            tekun: true,
            ..Deceased::default()
        };
        let e = estimate(&list(), &visitor_on_dibao, None);
        assert_eq!(e.pay_fen, yuan(950));
        assert_eq!(e.saved_fen, 0);
        assert!(e.lines.iter().all(|l| l.benefit.is_none()));
    }

    #[test]
    fn every_resident_gets_the_reduced_cremation_price() {
        let resident = Deceased {
            resident_of_region: true,
            ..Deceased::default()
        };
        let e = estimate(&list(), &resident, None);
        assert_eq!(e.pay_fen, yuan(950 - 200));
        assert_eq!(e.saved_fen, yuan(200));
        assert_eq!(e.lines[2].benefit, Some(FreeGroup::AllResidents));
        assert_eq!(e.lines[2].pay_fen, yuan(300));
    }

    #[test]
    fn chosen_items_count_their_quantity_and_skip_unknown_positions() {
        let tekun = Deceased {
            resident_of_region: true,
            tekun: true,
            ..Deceased::default()
        };
        let chosen = [
            Chosen {
                index: 1,
                quantity: 3,
            },
            Chosen {
                index: 4,
                quantity: 1,
            },
            Chosen {
                index: 9,
                quantity: 1,
            },
        ];
        let e = estimate(&list(), &tekun, Some(&chosen));
        assert_eq!(e.lines.len(), 2);
        assert_eq!(e.lines[0].normal_fen, yuan(300));
        assert_eq!(e.lines[0].pay_fen, 0);
        assert_eq!(
            e.lines[1].pay_fen,
            yuan(600),
            "the farewell hall is not basic"
        );
        assert_eq!(
            (e.normal_fen, e.pay_fen, e.saved_fen),
            (yuan(900), yuan(600), yuan(300))
        );
    }

    #[test]
    fn eco_burials_map_to_their_items_and_back() {
        for eco in EcoBurial::ALL {
            assert_eq!(eco.item().eco_burial(), Some(*eco));
            assert_eq!(eco.key(), eco.item().key());
        }
        assert_eq!(ItemKind::Cremation.eco_burial(), None);
        let mut prices = list();
        prices.push(item(ItemKind::TreeBurial, 2000, Unit::Each, false));
        prices.push(item(ItemKind::TreeBurial, 1500, Unit::Each, false));
        assert_eq!(
            lowest_price(&prices, Some(EcoBurial::Tree)),
            Some(yuan(1500))
        );
        assert_eq!(lowest_price(&prices, Some(EcoBurial::Sea)), None);
        assert_eq!(lowest_price(&prices, None), Some(yuan(100)));
    }

    proptest! {
        #[test]
        fn nobody_pays_more_than_the_normal_price(
            resident_of_region: bool, dibao: bool, tekun: bool, low_income: bool, orphan: bool,
            quantities in prop::collection::vec((0usize..6, 0u32..30), 0..8),
        ) {
            let who = Deceased { resident_of_region, dibao, tekun, low_income, orphan };
            let chosen: Vec<Chosen> = quantities
                .into_iter()
                .map(|(index, quantity)| Chosen { index, quantity })
                .collect();
            let e = estimate(&list(), &who, Some(&chosen));
            prop_assert!(0 <= e.pay_fen && e.pay_fen <= e.normal_fen);
            prop_assert_eq!(e.saved_fen, e.normal_fen - e.pay_fen);
            prop_assert_eq!(e.pay_fen, e.lines.iter().map(|l| l.pay_fen).sum::<i64>());
        }
    }
}
