//! Directory search at city scale: 10,000 generated facilities (every kind, around Kunming/Anning
//! and Qufu, with weekly, overnight and 24-hour opening hours, service tags, access flags and
//! price lists with eco burials) stored on SQLite through the import command's `load_file`, then
//! 2,400 searches with the query-string pairs the finding pages and `GET /api/v1/facilities` pass,
//! nearest first, through `Directory::search` (not HTTP). Prints p50, p99, mean and max latency,
//! per query mix and overall, against the target p99 <= 20 ms; what re-reading the kept listing
//! costs (every 5 s, in some request's path); and what the directory pages add to the browser's
//! download: their static scripts, raw and gzip -9, and whether they add a WASM island.
//! Run: `cargo bench -p server --bench directory_search`.

use app::domain::{
    booking::moment::Moment,
    date::Date,
    directory::{
        facility::{Accessibility, Facility, Kind, Phone, Tag},
        hours::{status_at, Hours},
        prices::{FreeGroup, ItemKind, PriceItem, Unit},
        search::{find, Query},
    },
    money::yuan,
};
use server::{
    booking::service::BookingDesk,
    crypto::DataCipher,
    directory::service::{load_file, Directory},
    keys::Keys,
    seed::SAMPLE_FACILITIES,
    store::Store,
};
use std::{
    hint::black_box,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

const FACILITIES: usize = 10_000;
const WARM_UP: usize = 200;
const SEARCHES: usize = 2_400;
const TARGET_P99_MS: f64 = 20.0;

/// A small deterministic generator (Knuth's MMIX LCG), so every run searches the same data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `0.0..1.0`.
    fn unit(&mut self) -> f64 {
        (self.next() as f64) / ((1u64 << 31) as f64)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The two cities the facilities are spread around: region, centre, telephone area code.
const CITIES: [(&str, f64, f64, &str); 2] = [
    ("anning", 25.04, 102.71, "0871"),
    ("qufu", 35.6, 116.99, "0537"),
];

/// Place-name words for the generated names: Chinese, and as English writes them.
const WORDS: [(&str, &str); 24] = [
    ("龙泉", "Longquan"),
    ("凤凰", "Fenghuang"),
    ("和平", "Heping"),
    ("东关", "Dongguan"),
    ("西山", "Xishan"),
    ("南湖", "Nanhu"),
    ("北辰", "Beichen"),
    ("金星", "Jinxing"),
    ("翠湖", "Cuihu"),
    ("松柏", "Songbai"),
    ("长青", "Changqing"),
    ("杏林", "Xinglin"),
    ("孝德", "Xiaode"),
    ("尼山", "Nishan"),
    ("书院", "Shuyuan"),
    ("阙里", "Queli"),
    ("温泉", "Wenquan"),
    ("青龙", "Qinglong"),
    ("白塔", "Baita"),
    ("红星", "Hongxing"),
    ("幸福", "Xingfu"),
    ("安康", "Ankang"),
    ("明德", "Mingde"),
    ("春华", "Chunhua"),
];

/// Opening hours as data files write them: weekly, split days, overnight, 24 hours, holidays.
const STATION_HOURS: [&str; 6] = [
    "mon-fri 08:30-11:30,14:00-17:30; sat 09:00-11:30; holidays closed",
    "mon-fri 08:30-11:30,14:00-17:30,19:00-21:00; holidays closed",
    "tue-fri 14:00-17:30; sat-sun 09:00-16:00",
    "daily 09:00-21:00; holidays 09:00-12:00",
    "mon-thu 18:00-22:00; fri-sat 20:00-02:00; sun 10:00-16:00",
    "24h",
];
const CEMETERY_HOURS: [&str; 4] = [
    "daily 07:30-17:30; 2027-04-03..2027-04-05 06:00-19:00",
    "daily 08:00-17:00; 2027-04-03..2027-04-05 06:30-18:30",
    "daily 08:00-16:30; holidays 08:00-17:00",
    "mon-sat 08:00-17:00; sun closed",
];
const OVERNIGHT_HOURS: &str = "daily 22:00-06:00";
const REGISTRY_HOURS: &str = "mon-fri 09:00-12:00,13:30-17:00; holidays closed";

/// The place-kind mix: many more stations than funeral homes, as in a real city.
fn kind_for(roll: usize) -> Kind {
    match roll {
        0..=39 => Kind::VolunteerStation,
        40..=59 => Kind::SocialWorkStation,
        60..=71 => Kind::PublicCemetery,
        72..=79 => Kind::Columbarium,
        80..=87 => Kind::CommercialCemetery,
        88..=93 => Kind::FuneralHome,
        _ => Kind::MarriageRegistry,
    }
}

/// The Chinese and English ending of a name of this kind.
fn kind_suffix(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::FuneralHome => ("殡仪馆", "Funeral Home"),
        Kind::PublicCemetery => ("公益性公墓", "Public Cemetery"),
        Kind::Columbarium => ("骨灰堂", "Columbarium"),
        Kind::CommercialCemetery => ("陵园", "Memorial Park"),
        Kind::VolunteerStation => ("社区志愿服务站", "Community Volunteer Station"),
        Kind::SocialWorkStation => ("社工站", "Social Work Station"),
        Kind::MarriageRegistry => ("婚姻登记处", "Marriage Registry"),
        Kind::StreetOffice => ("街道办事处", "Street Office"),
    }
}

fn price(
    item: ItemKind,
    name_zh: &str,
    name_en: &str,
    yuan_amount: i64,
    unit: Unit,
    basic: bool,
) -> PriceItem {
    PriceItem {
        item,
        name_zh: name_zh.into(),
        name_en: name_en.into(),
        price_fen: yuan(yuan_amount),
        price_max_fen: None,
        unit,
        basic,
        free_for: if basic {
            vec![FreeGroup::Dibao, FreeGroup::Tekun]
        } else {
            Vec::new()
        },
        reduced_for: Vec::new(),
    }
}

/// A price list for a kind: basic services at funeral homes, eco burials and graves or niches
/// at cemeteries and columbaria, nothing elsewhere.
fn prices_for(kind: Kind, rng: &mut Lcg) -> Vec<PriceItem> {
    const ECO: [(ItemKind, &str, &str); 5] = [
        (ItemKind::TreeBurial, "树葬", "Tree burial"),
        (ItemKind::FlowerBedBurial, "花坛葬", "Flower-bed burial"),
        (ItemKind::LawnBurial, "草坪葬", "Lawn burial"),
        (ItemKind::WallBurial, "壁葬", "Wall burial"),
        (ItemKind::SeaBurial, "海葬", "Sea burial"),
    ];
    let mut list = Vec::new();
    match kind {
        Kind::FuneralHome => {
            list.push(price(
                ItemKind::BodyTransport,
                "遗体接运",
                "Body transport",
                200 + rng.below(200) as i64,
                Unit::PerTrip,
                true,
            ));
            list.push(price(
                ItemKind::ColdStorage,
                "遗体冷藏",
                "Cold storage",
                80 + rng.below(80) as i64,
                Unit::PerDay,
                true,
            ));
            list.push(price(
                ItemKind::Cremation,
                "遗体火化",
                "Cremation",
                400 + rng.below(300) as i64,
                Unit::Each,
                true,
            ));
            list.push(price(
                ItemKind::FarewellHall,
                "告别厅",
                "Farewell hall",
                300 + rng.below(700) as i64,
                Unit::Each,
                false,
            ));
        }
        Kind::PublicCemetery | Kind::CommercialCemetery | Kind::Columbarium => {
            for (item, zh, en) in ECO {
                if rng.chance(if item == ItemKind::TreeBurial { 70 } else { 35 }) {
                    list.push(price(
                        item,
                        zh,
                        en,
                        800 + rng.below(7_200) as i64,
                        Unit::Each,
                        false,
                    ));
                }
            }
            let (item, zh, en, base) = if kind == Kind::Columbarium {
                (ItemKind::Niche, "骨灰格位", "Niche", 2_000)
            } else {
                (ItemKind::Grave, "墓穴", "Grave plot", 8_000)
            };
            let mut grave = price(item, zh, en, base, Unit::Each, false);
            grave.price_max_fen = Some(yuan(base * (2 + rng.below(5) as i64)));
            list.push(grave);
        }
        _ => {}
    }
    list
}

/// A street of the sample data: region, district and street in both languages.
#[derive(Clone)]
struct Street {
    region: String,
    district_zh: String,
    district_en: Option<String>,
    street_zh: String,
    street_en: Option<String>,
}

/// The streets of the shipped sample facilities in `region`.
fn sample_streets(region: &str) -> Vec<Street> {
    let sample: Vec<Facility> = serde_json::from_str(SAMPLE_FACILITIES).expect("sample facilities");
    let mut streets: Vec<Street> = Vec::new();
    for f in sample.into_iter().filter(|f| f.region == region) {
        if !streets.iter().any(|s| s.street_zh == f.street_zh) {
            streets.push(Street {
                region: f.region,
                district_zh: f.district_zh,
                district_en: f.district_en,
                street_zh: f.street_zh,
                street_en: f.street_en,
            });
        }
    }
    streets
}

/// A point at most `radius_km` from the centre, uniform over the disc.
fn point_near(rng: &mut Lcg, lat: f64, lng: f64, radius_km: f64) -> (f64, f64) {
    let r = radius_km * 1000.0 * rng.unit().sqrt();
    let angle = rng.unit() * std::f64::consts::TAU;
    let dlat = r * angle.cos() / 111_320.0;
    let dlng = r * angle.sin() / (111_320.0 * lat.to_radians().cos());
    (
        ((lat + dlat) * 1e5).round() / 1e5,
        ((lng + dlng) * 1e5).round() / 1e5,
    )
}

/// The `i`-th generated facility.
fn facility(i: usize, rng: &mut Lcg, streets: &[Vec<Street>]) -> Facility {
    let city = i % CITIES.len();
    let (_, lat, lng, area_code) = CITIES[city];
    let street = rng.pick(&streets[city]).clone();
    let kind = kind_for(rng.below(100));
    let (word_zh, word_en) = *rng.pick(&WORDS);
    let (suffix_zh, suffix_en) = kind_suffix(kind);
    let (latitude, longitude) = point_near(rng, lat, lng, 50.0);
    let street_en = street.street_en.clone().unwrap_or_default();
    let number = 1 + rng.below(300);
    let hours = match kind {
        Kind::FuneralHome => "24h",
        Kind::MarriageRegistry => REGISTRY_HOURS,
        Kind::PublicCemetery | Kind::CommercialCemetery | Kind::Columbarium => {
            rng.pick(&CEMETERY_HOURS)
        }
        _ if rng.chance(5) => OVERNIGHT_HOURS,
        _ => rng.pick(&STATION_HOURS),
    };
    let mut tags: Vec<Tag> = match kind {
        Kind::FuneralHome => vec![Tag::Service24h, Tag::CivilisedRemembrance],
        Kind::PublicCemetery | Kind::CommercialCemetery | Kind::Columbarium => {
            vec![Tag::EcoBurial, Tag::CivilisedRemembrance]
        }
        Kind::MarriageRegistry => vec![Tag::FamilyCounselling],
        _ => Vec::new(),
    };
    for _ in 0..1 + rng.below(4) {
        let tag = *rng.pick(Tag::ALL);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let phone = |rng: &mut Lcg| format!("{area_code}-6{:07}", rng.below(10_000_000));
    Facility {
        id: format!("bench-{}-{i:05}", kind.key().replace('_', "-")),
        kind,
        region: street.region.clone(),
        district_zh: street.district_zh.clone(),
        district_en: street.district_en.clone(),
        street_zh: street.street_zh.clone(),
        street_en: street.street_en.clone(),
        name_zh: format!("{}{word_zh}{suffix_zh}（示例{i}）", street.street_zh),
        name_en: format!("{word_en} {suffix_en}, {street_en} (sample {i})"),
        address_zh: format!(
            "{}{}{word_zh}路 {number} 号",
            street.district_zh, street.street_zh
        ),
        address_en: format!("{number} {word_en} Road, {street_en}"),
        latitude,
        longitude,
        phones: vec![Phone {
            label_zh: "咨询".into(),
            label_en: Some("Enquiries".into()),
            number: phone(rng),
        }],
        phone_24h: (kind == Kind::FuneralHome || rng.chance(5)).then(|| phone(rng)),
        hours: Hours::parse(hours).expect("generated hours"),
        tags,
        accessibility: Accessibility {
            step_free_entrance: rng.chance(60),
            accessible_toilet: rng.chance(35),
            accessible_parking: rng.chance(25),
        },
        prices: prices_for(kind, rng),
        note_zh: rng.chance(10).then(|| "仅服务本街道居民".to_string()),
        note_en: None,
        directions_zh: None,
        directions_en: None,
        last_checked: Date::new(2026, 11, 1).expect("date"),
        source: "directory_search benchmark (generated)".into(),
        is_sample: true,
    }
}

/// The query mixes searched in turn, each with `near` added: name and pairs besides `near`.
fn mixes() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        ("near only", vec![]),
        (
            "kind=volunteer_station",
            vec![("kind", "volunteer_station")],
        ),
        ("open_now=true", vec![("open_now", "true")]),
        ("tag=elderly_help", vec![("tag", "elderly_help")]),
        ("q=sqzy (pinyin initials)", vec![("q", "sqzy")]),
        ("q=龙泉 (Chinese fragment)", vec![("q", "龙泉")]),
        (
            "eco=tree&max_yuan=3000",
            vec![("eco", "tree"), ("max_yuan", "3000")],
        ),
        (
            "kind=volunteer_station&open_now=true&tag=children&step_free_entrance=on",
            vec![
                ("kind", "volunteer_station"),
                ("open_now", "true"),
                ("tag", "children"),
                ("step_free_entrance", "on"),
            ],
        ),
    ]
}

/// Moments searched at in turn: a weekday morning and evening, a Saturday and a Sunday.
fn moments() -> [Moment; 4] {
    let day = |text| Date::parse(text).expect("date");
    [
        Moment::at(day("2026-11-25"), 10, 30),
        Moment::at(day("2026-11-25"), 20, 30),
        Moment::at(day("2026-11-28"), 9, 30),
        Moment::at(day("2026-11-29"), 15, 0),
    ]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    ms(sorted[index])
}

/// `label: n searches, p50, p99, mean, max` for these times.
fn summary(label: &str, times: &[Duration]) -> String {
    let mut sorted = times.to_vec();
    sorted.sort();
    let mean = sorted.iter().sum::<Duration>() / sorted.len().max(1) as u32;
    format!(
        "{label}: {} searches, p50 {:.2} ms, p99 {:.2} ms, mean {:.2} ms, max {:.2} ms",
        sorted.len(),
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.99),
        ms(mean),
        ms(*sorted.last().expect("some times")),
    )
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.sqlite3").display());
    let store = Store::open(&url).await.unwrap();
    store.migrate().await.unwrap();
    store.load_sample_data().await.unwrap();

    // 10,000 facilities as one import file, checked and stored by the import command's loader.
    let streets: Vec<Vec<Street>> = CITIES
        .iter()
        .map(|(region, ..)| sample_streets(region))
        .collect();
    let mut rng = Lcg(20_261_122);
    let generated: Vec<Facility> = (0..FACILITIES)
        .map(|i| facility(i, &mut rng, &streets))
        .collect();
    let json = serde_json::to_string(&generated).unwrap();
    let started = Instant::now();
    let today = Date::parse("2026-11-22").unwrap();
    let loaded = load_file(&store, &json, false, today).await.unwrap();
    assert_eq!(loaded, FACILITIES);
    let mut kinds: Vec<String> = Kind::ALL
        .iter()
        .map(|k| {
            let n = generated.iter().filter(|f| f.kind == *k).count();
            format!("{k} {n}")
        })
        .collect();
    kinds.sort();
    println!(
        "directory: {loaded} generated facilities ({:.1} MB of JSON) checked and stored through load_file in {:.2} s; kinds: {}",
        json.len() as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        kinds.join(", ")
    );
    drop(json);

    let desk = BookingDesk::new(store.clone(), DataCipher::new(&Keys::generate()));
    let directory = Directory::new(store.clone(), desk.clone());

    // Re-reading the kept listing: every 5 s one request waits for it.
    let mut reads = Vec::new();
    for _ in 0..5 {
        directory.forget_cached();
        let start = Instant::now();
        let listing = directory.listing().await.unwrap();
        reads.push(start.elapsed());
        assert_eq!(listing.facilities.len(), FACILITIES + 36 + 5);
    }
    reads.sort();
    let listing_ms = percentile(&reads, 0.5);
    println!(
        "listing re-read (kept 5 s, then read again in a request's path): {} facilities, median {listing_ms:.1} ms of 5 reads",
        directory.listing().await.unwrap().facilities.len(),
    );

    let mixes = mixes();
    let moments = moments();
    let pairs_for = |i: usize| -> (usize, Vec<(String, String)>, Moment) {
        let mix = i % mixes.len();
        // Centres of the two cities, moved up to ~10 km, like residents across town.
        let (_, lat, lng, _) = CITIES[(i / mixes.len()) % CITIES.len()];
        let step = (i % 21) as f64 - 10.0;
        let near = format!(
            "{:.5},{:.5}",
            lat + step * 0.009,
            lng - step * 0.007 * ((i % 3) as f64 - 1.0)
        );
        let mut pairs = vec![("near".to_string(), near)];
        pairs.extend(
            mixes[mix]
                .1
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        (mix, pairs, moments[(i / 7) % moments.len()])
    };

    for i in 0..WARM_UP {
        let (_, pairs, now) = pairs_for(i);
        black_box(directory.search(pairs, now).await.unwrap().unwrap());
    }
    let mut all = Vec::with_capacity(SEARCHES);
    let mut per_mix: Vec<Vec<Duration>> = vec![Vec::new(); mixes.len()];
    let mut totals: Vec<usize> = vec![0; mixes.len()];
    let mut reloads = Vec::new();
    // Only a weak handle: the kept listing is dropped, and this handle dies, when a search
    // replaces it. Asking the directory for it after each search would do the re-read itself.
    let mut kept = Arc::downgrade(&directory.listing().await.unwrap());
    let started = Instant::now();
    for i in 0..SEARCHES {
        let (mix, pairs, now) = pairs_for(i);
        let start = Instant::now();
        let (_, found) = directory.search(pairs, now).await.unwrap().unwrap();
        let took = start.elapsed();
        black_box(&found);
        all.push(took);
        per_mix[mix].push(took);
        totals[mix] += found.total;
        // Whether this search re-read the listing (it is kept 5 s); the new one is fresh.
        if kept.upgrade().is_none() {
            reloads.push(took);
            kept = Arc::downgrade(&directory.listing().await.unwrap());
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let kept = directory.listing().await.unwrap();

    println!(
        "query mixes (each with near=lat,lng within ~10 km of Kunming or Qufu, at a weekday 10:30 and 20:30, a Saturday 09:30 and a Sunday 15:00; limit 20):"
    );
    for (m, (name, _)) in mixes.iter().enumerate() {
        println!(
            "  {} (mean {} matches)",
            summary(name, &per_mix[m]),
            totals[m] / per_mix[m].len().max(1)
        );
    }
    let mut sorted = all.clone();
    sorted.sort();
    let p99 = percentile(&sorted, 0.99);
    println!(
        "{} ({WARM_UP} warm-up searches first; {elapsed:.2} s in all, {:.0} searches/s on one task)",
        summary(
            &format!("search over {} facilities", kept.facilities.len()),
            &all
        ),
        SEARCHES as f64 / elapsed,
    );
    if reloads.is_empty() {
        println!("  none of them re-read the kept listing");
    } else {
        println!(
            "  of which {} re-read the kept listing: {}",
            reloads.len(),
            reloads
                .iter()
                .map(|d| format!("{:.1} ms", ms(*d)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    println!(
        "target p99 <= {TARGET_P99_MS:.0} ms: {}",
        if p99 <= TARGET_P99_MS {
            "met"
        } else {
            "missed"
        }
    );

    print_stale_burst(&directory, moments[0]).await;
    print_breakdown(&directory, &desk, &kept).await;
    store.close().await;

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    print_static_sizes(&root);
    print_islands(&root);
}

/// Searches arriving together when the kept listing has gone stale: each one that finds it stale
/// reads it again.
async fn print_stale_burst(directory: &Directory, now: Moment) {
    const BURST: usize = 8;
    directory.forget_cached();
    let tasks: Vec<_> = (0..BURST)
        .map(|_| {
            let directory = directory.clone();
            tokio::spawn(async move {
                let start = Instant::now();
                let found = directory.search([("near", "25.04,102.71")], now).await;
                black_box(found.unwrap().unwrap());
                start.elapsed()
            })
        })
        .collect();
    let mut times = Vec::new();
    for task in tasks {
        times.push(task.await.unwrap());
    }
    println!(
        "stale listing: {} (each that finds it stale reads it again; no single flight)",
        summary(
            &format!("{BURST} concurrent near-only searches just after it went stale"),
            &times
        )
    );
}

/// Where the time of one search goes, on the listing as kept: the pure `find` and its parts.
async fn print_breakdown(
    directory: &Directory,
    desk: &BookingDesk,
    listing: &server::directory::service::Listing,
) {
    const N: u32 = 100;
    let now = moments()[0];
    let calendar = desk.calendar().await.unwrap();
    let regions: Vec<&str> = listing.regions.iter().map(String::as_str).collect();
    let pairs = [("near", "25.04,102.71")];
    let query = Query::from_pairs(pairs, &regions).unwrap();
    let time = |f: &mut dyn FnMut()| {
        f();
        let start = Instant::now();
        for _ in 0..N {
            f();
        }
        ms(start.elapsed()) / f64::from(N)
    };
    let whole = {
        // The service method, awaited in a loop.
        let start = Instant::now();
        for _ in 0..N {
            black_box(directory.search(pairs, now).await.unwrap().unwrap());
        }
        ms(start.elapsed()) / f64::from(N)
    };
    let found = time(&mut || {
        black_box(find(
            &listing.facilities,
            &listing.initials,
            &query,
            now,
            &calendar,
        ));
    });
    let statuses = time(&mut || {
        for f in &listing.facilities {
            black_box(status_at(&f.hours, now, &calendar));
        }
    });
    let distances = time(&mut || {
        let at = query.near.unwrap();
        for f in &listing.facilities {
            black_box(app::domain::directory::geo::distance_m(at, f.location()));
        }
    });
    let calendars = time(&mut || {
        black_box(calendar.clone());
    });
    println!(
        "where a near-only search goes ({} facilities, all match; mean of {N}): Directory::search {whole:.2} ms = find {found:.2} ms (of which status_at for every match {statuses:.2} ms, distance_m for every match {distances:.2} ms, the rest filters and the sort) + holiday calendar copy {:.1} µs + reading the query and cloning the page",
        listing.facilities.len(),
        calendars * 1000.0
    );
}

/// Raw and `gzip -9` sizes of the static files the directory pages load.
fn print_static_sizes(root: &Path) {
    let files = [
        ("public/near-me.js", "finding page"),
        ("public/map.js", "finding page, when a map is set up"),
        ("public/vendor/leaflet/leaflet.js", "with the map"),
        ("public/vendor/leaflet/leaflet.css", "with the map"),
        (
            "public/vendor/leaflet/images/marker-icon.png",
            "with the map",
        ),
        (
            "public/vendor/leaflet/images/marker-icon-2x.png",
            "with the map, on high-density screens",
        ),
        (
            "public/vendor/leaflet/images/marker-shadow.png",
            "with the map",
        ),
    ];
    println!("directory pages' static files (raw, and gzip -9 as the server's compression layer sends scripts and styles; images go as they are):");
    let mut raw_total = 0;
    let mut sent_total = Some(0);
    for (file, when) in files {
        let path: PathBuf = root.join(file);
        let Ok(meta) = std::fs::metadata(&path) else {
            println!("  {file}: missing");
            continue;
        };
        let image = file.ends_with(".png");
        let sent = if image {
            Some(meta.len())
        } else {
            gzip_size(&path)
        };
        if !file.ends_with("-2x.png") {
            raw_total += meta.len();
            sent_total = sent_total.zip(sent).map(|(a, b)| a + b);
        }
        let compressed = match sent {
            _ if image => "sent as it is".to_string(),
            Some(g) => format!("{:.1} KB gzip", g as f64 / 1024.0),
            None => "gzip unavailable".to_string(),
        };
        println!(
            "  {file} ({when}): {:.1} KB raw, {compressed}",
            meta.len() as f64 / 1024.0
        );
    }
    println!(
        "  the finding page with its map (1x screen): {:.1} KB raw, {}",
        raw_total as f64 / 1024.0,
        sent_total.map_or("gzip unavailable".to_string(), |g| format!(
            "{:.1} KB sent",
            g as f64 / 1024.0
        ))
    );
}

/// The size of `path` compressed by `gzip -9`, or `None` when gzip cannot run.
fn gzip_size(path: &Path) -> Option<u64> {
    let output = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then_some(output.stdout.len() as u64)
}

/// Every `#[island]` of the app, and which the directory pages use.
fn print_islands(root: &Path) {
    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    rust_files(&root.join("app/src"), &mut files);
    let mut islands = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if line.trim_start().starts_with("#[island") {
                let name = lines
                    .find_map(|l| l.trim_start().strip_prefix("pub fn "))
                    .and_then(|rest| rest.split(['(', '<']).next())
                    .unwrap_or("?")
                    .to_string();
                islands.push((name, file.clone()));
            }
        }
    }
    let directory_dir = root.join("app/src/pages/directory");
    let directory_text: String = files
        .iter()
        .filter(|f| f.starts_with(&directory_dir))
        .map(|f| std::fs::read_to_string(f).unwrap_or_default())
        .collect();
    let header =
        std::fs::read_to_string(root.join("app/src/components/header.rs")).unwrap_or_default();
    let defined_here = islands
        .iter()
        .filter(|(_, f)| f.starts_with(&directory_dir))
        .count();
    let used_here: Vec<&str> = islands
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| directory_text.contains(&format!("<{n}")))
        .collect();
    let shared: Vec<&str> = islands
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| header.contains(&format!("<{n}")))
        .collect();
    println!(
        "islands in the app: {}; defined in app/src/pages/directory: {defined_here}; used by the directory pages: {}; in the header of every page: {}",
        islands
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        if used_here.is_empty() {
            "none".to_string()
        } else {
            used_here.join(", ")
        },
        shared.join(", "),
    );
    if defined_here == 0 && used_here.is_empty() {
        println!("directory pages' extra WASM: 0 KB (server-rendered; no island of their own, only the scripts above)");
    } else {
        println!("directory pages' extra WASM: they use island(s) {used_here:?}; see `make size` for their WASM");
    }
}
