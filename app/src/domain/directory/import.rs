//! Files of facilities as staff keep them, JSON or CSV: read whole and checked, all or nothing,
//! with every problem naming its record and field; and written back in the same formats.
//!
//! **JSON** is an array of [`Facility`] records, field names as in the struct; `hours` is the
//! compact text form of [`super::hours`]; `accessibility` an object of three booleans; `prices` a
//! list of [`super::prices::PriceItem`]. A problem names `record [i]`, the 0-based array index.
//!
//! **CSV** (UTF-8, a byte-order mark is accepted and written so spreadsheet programs read Chinese
//! correctly; RFC 4180 quoting) has a header row with the columns of [`COLUMNS`], in any order.
//! One row per facility; a problem names `row n`, the n-th data row after the header.
//! - empty cells are absent optional values, `false` booleans and empty lists;
//! - `tags`: keys separated by `|` (`elderly_help|time_bank`);
//! - `phones`: entries separated by `|`, each `label=number` or `中文标签/English label=number`;
//! - `hours`: the compact text form (`mon-fri 08:30-12:00,14:00-17:30; holidays closed`);
//! - `step_free_entrance`, `accessible_toilet`, `accessible_parking`, `is_sample`: `true`/`false`;
//! - `prices`: the JSON list of price items, as in the JSON format. A price list is nested data
//!   that flat columns cannot hold without a second file; one JSON cell keeps one row per facility
//!   and is copied as it is between the two formats.

use super::{
    facility::{Accessibility, Facility, Kind, Phone, Tag},
    geo::in_china_bounding_box,
    hours::Hours,
    prices::PriceItem,
};
use crate::domain::{date::Date, region::is_valid_region_id};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;

/// The CSV columns, in the order [`to_csv`] writes them.
pub const COLUMNS: [&str; 28] = [
    "id",
    "kind",
    "region",
    "district_zh",
    "district_en",
    "street_zh",
    "street_en",
    "name_zh",
    "name_en",
    "address_zh",
    "address_en",
    "latitude",
    "longitude",
    "phones",
    "phone_24h",
    "hours",
    "tags",
    "step_free_entrance",
    "accessible_toilet",
    "accessible_parking",
    "prices",
    "note_zh",
    "note_en",
    "directions_zh",
    "directions_en",
    "last_checked",
    "source",
    "is_sample",
];

/// Columns added after the first files were written; a file without them reads them as empty.
const OPTIONAL_COLUMNS: [&str; 2] = ["directions_zh", "directions_en"];

/// The keys of a JSON record.
const JSON_FIELDS: [&str; 26] = [
    "id",
    "kind",
    "region",
    "district_zh",
    "district_en",
    "street_zh",
    "street_en",
    "name_zh",
    "name_en",
    "address_zh",
    "address_en",
    "latitude",
    "longitude",
    "phones",
    "phone_24h",
    "hours",
    "tags",
    "accessibility",
    "prices",
    "note_zh",
    "note_en",
    "directions_zh",
    "directions_en",
    "last_checked",
    "source",
    "is_sample",
];

/// Where in a file a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// The file as a whole (syntax, header).
    File,
    /// A CSV data row, 1-based, after the header.
    Row(usize),
    /// A JSON array element, 0-based.
    Record(usize),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File => f.write_str("file"),
            Place::Row(n) => write!(f, "row {n}"),
            Place::Record(i) => write!(f, "record [{i}]"),
        }
    }
}

/// A problem with one field of a facility.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// A problem in a file, for the staff command: plain English naming record and field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProblem {
    pub row: Place,
    /// Empty when the problem is not about one field.
    pub field: String,
    pub message: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.row, self.message)
        } else {
            write!(f, "{}, {}: {}", self.row, self.field, self.message)
        }
    }
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A slug: 2 to 64 of `a-z`, `0-9` and `-`, starting with a letter, not ending with `-`.
pub fn is_valid_id(id: &str) -> bool {
    (2..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && id.as_bytes()[0].is_ascii_lowercase()
        && !id.ends_with('-')
}

/// A telephone number as people dial it: digits with `-`, spaces, `+` or brackets, 3 to 24
/// characters (`0871-68000000`, `12345`, `+86 574 8888 0000`).
pub fn is_valid_phone(number: &str) -> bool {
    (3..=24).contains(&number.chars().count())
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || " -+()".contains(c))
        && number.chars().filter(char::is_ascii_digit).count() >= 3
}

/// Every text of a facility: field name, value, whether required, whether English.
fn texts(f: &Facility) -> Vec<(String, Option<&str>, bool, bool)> {
    let field = |name: &str| name.to_string();
    let mut out = vec![
        (
            field("district_zh"),
            Some(f.district_zh.as_str()),
            true,
            false,
        ),
        (field("district_en"), f.district_en.as_deref(), false, true),
        (field("street_zh"), Some(&f.street_zh), true, false),
        (field("street_en"), f.street_en.as_deref(), false, true),
        (field("name_zh"), Some(&f.name_zh), true, false),
        (field("name_en"), Some(&f.name_en), true, true),
        (field("address_zh"), Some(&f.address_zh), true, false),
        (field("address_en"), Some(&f.address_en), true, true),
        (field("note_zh"), f.note_zh.as_deref(), false, false),
        (field("note_en"), f.note_en.as_deref(), false, true),
        (
            field("directions_zh"),
            f.directions_zh.as_deref(),
            false,
            false,
        ),
        (
            field("directions_en"),
            f.directions_en.as_deref(),
            false,
            true,
        ),
        (field("source"), Some(&f.source), true, false),
    ];
    for (i, phone) in f.phones.iter().enumerate() {
        out.push((
            format!("phones[{i}].label_zh"),
            Some(&phone.label_zh),
            true,
            false,
        ));
        out.push((
            format!("phones[{i}].label_en"),
            phone.label_en.as_deref(),
            false,
            true,
        ));
    }
    for (i, p) in f.prices.iter().enumerate() {
        out.push((
            format!("prices[{i}].name_zh"),
            Some(&p.name_zh),
            true,
            false,
        ));
        out.push((format!("prices[{i}].name_en"), Some(&p.name_en), true, true));
    }
    out
}

/// Checks one facility: every problem with the field it is in. Texts may not be empty or start
/// or end with spaces, so a record reads the same from JSON and from CSV. `today` is the date in China;
/// `regions` the region ids served.
pub fn check(f: &Facility, today: Date, regions: &[&str]) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut bad = |field: &str, message: String| {
        problems.push(FieldProblem {
            field: field.to_string(),
            message,
        })
    };
    if !is_valid_id(&f.id) {
        bad(
            "id",
            format!(
                "{:?} is not an id: 2 to 64 of a-z, 0-9 and -, starting with a letter",
                f.id
            ),
        );
    }
    if !is_valid_region_id(&f.region) || !regions.contains(&f.region.as_str()) {
        bad(
            "region",
            format!(
                "{:?} is not a region served (known: {})",
                f.region,
                regions.join(", ")
            ),
        );
    }
    for (field, text, required, english) in texts(f) {
        match text {
            None if required => bad(&field, "is missing".into()),
            None => {}
            Some(t) if t.trim().is_empty() => bad(&field, "is empty".into()),
            Some(t) if t.trim() != t => bad(&field, "has spaces at the start or end".into()),
            Some(t) if english && has_chinese(t) => {
                bad(&field, "English text contains Chinese characters".into())
            }
            Some(_) => {}
        }
    }
    let location = f.location();
    if !location.lat.is_finite() || !location.lng.is_finite() || !in_china_bounding_box(location) {
        let field = if (3.8..=53.6).contains(&location.lat) {
            "longitude"
        } else {
            "latitude"
        };
        bad(
            field,
            format!(
                "{},{} is outside China (latitude 3.8 to 53.6, longitude 73.4 to 135.1, WGS-84)",
                location.lat, location.lng
            ),
        );
    }
    for (i, phone) in f.phones.iter().enumerate() {
        let labels = [Some(&phone.label_zh), phone.label_en.as_ref()];
        if labels
            .into_iter()
            .flatten()
            .any(|l| l.contains(['|', '=', '/']))
        {
            bad(
                &format!("phones[{i}]"),
                "a label may not contain |, = or /".into(),
            );
        }
        if !is_valid_phone(&phone.number) {
            bad(
                &format!("phones[{i}].number"),
                format!("{:?} is not a telephone number", phone.number),
            );
        }
    }
    match &f.phone_24h {
        None if f.kind == Kind::FuneralHome => {
            bad("phone_24h", "a funeral home needs a 24-hour number".into())
        }
        Some(number) if !is_valid_phone(number) => {
            bad("phone_24h", format!("{number:?} is not a telephone number"))
        }
        _ => {}
    }
    for (i, p) in f.prices.iter().enumerate() {
        let field = |name: &str| format!("prices[{i}].{name}");
        if p.price_fen < 0 {
            bad(&field("price_fen"), format!("{} is negative", p.price_fen));
        }
        if p.price_max_fen.is_some_and(|max| max < p.price_fen) {
            bad(&field("price_max_fen"), "is below price_fen".into());
        }
        for r in &p.reduced_for {
            if !(0..=p.price_fen).contains(&r.price_fen) {
                bad(
                    &field("reduced_for"),
                    format!("the price for {} must be between 0 and price_fen", r.group),
                );
            }
            if p.free_for.contains(&r.group) {
                bad(
                    &field("reduced_for"),
                    format!("{} is already in free_for", r.group),
                );
            }
        }
    }
    if f.last_checked > today {
        bad(
            "last_checked",
            format!("{} is after today, {today}", f.last_checked),
        );
    }
    problems
}

/// Checks every facility and that ids are unique; all or nothing.
fn check_all(
    read: Vec<(Place, Facility)>,
    mut problems: Vec<ImportProblem>,
    today: Date,
    regions: &[&str],
) -> Result<Vec<Facility>, Vec<ImportProblem>> {
    let mut first_place: HashMap<&str, Place> = HashMap::new();
    for (place, f) in &read {
        for p in check(f, today, regions) {
            problems.push(ImportProblem {
                row: *place,
                field: p.field,
                message: p.message,
            });
        }
        if let Some(first) = first_place.get(f.id.as_str()) {
            problems.push(ImportProblem {
                row: *place,
                field: "id".into(),
                message: format!("{:?} is also the id of {first}", f.id),
            });
        } else {
            first_place.insert(&f.id, *place);
        }
    }
    if problems.is_empty() {
        Ok(read.into_iter().map(|(_, f)| f).collect())
    } else {
        problems.sort_by_key(|p| p.row);
        Err(problems)
    }
}

/// Reads typed fields out of a JSON object, noting each problem under its field name.
struct JsonFields<'a> {
    object: &'a Map<String, Value>,
    problems: Vec<FieldProblem>,
}

impl<'a> JsonFields<'a> {
    fn note(&mut self, field: &str, message: String) {
        self.problems.push(FieldProblem {
            field: field.to_string(),
            message,
        });
    }

    fn typed<T: DeserializeOwned>(&mut self, field: &str, value: &Value) -> Option<T> {
        T::deserialize(value)
            .map_err(|e| self.note(field, e.to_string()))
            .ok()
    }

    fn required<T: DeserializeOwned>(&mut self, name: &str) -> Option<T> {
        match self.object.get(name) {
            None | Some(Value::Null) => {
                self.note(name, "is missing".into());
                None
            }
            Some(value) => self.typed(name, value),
        }
    }

    fn optional<T: DeserializeOwned>(&mut self, name: &str) -> Option<Option<T>> {
        match self.object.get(name) {
            None | Some(Value::Null) => Some(None),
            Some(value) => self.typed(name, value).map(Some),
        }
    }

    /// A list, each element checked on its own (`tags[2]`); absent is empty.
    fn list<T: DeserializeOwned>(&mut self, name: &str) -> Option<Vec<T>> {
        match self.object.get(name) {
            None | Some(Value::Null) => Some(Vec::new()),
            Some(value) => list_of(value, name, &mut self.problems),
        }
    }
}

fn list_of<T: DeserializeOwned>(
    value: &Value,
    name: &str,
    problems: &mut Vec<FieldProblem>,
) -> Option<Vec<T>> {
    let Value::Array(items) = value else {
        problems.push(FieldProblem {
            field: name.to_string(),
            message: "must be a list".into(),
        });
        return None;
    };
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match T::deserialize(item) {
            Ok(v) => out.push(v),
            Err(e) => {
                ok = false;
                problems.push(FieldProblem {
                    field: format!("{name}[{i}]"),
                    message: e.to_string(),
                });
            }
        }
    }
    ok.then_some(out)
}

fn facility_from_json(value: &Value) -> Result<Facility, Vec<FieldProblem>> {
    let Value::Object(object) = value else {
        return Err(vec![FieldProblem {
            field: String::new(),
            message: "a record must be an object".into(),
        }]);
    };
    let mut r = JsonFields {
        object,
        problems: Vec::new(),
    };
    for key in object.keys() {
        if !JSON_FIELDS.contains(&key.as_str()) {
            r.note(key, "is not a known field".into());
        }
    }
    let id = r.required("id");
    let kind = r.required("kind");
    let region = r.required("region");
    let district_zh = r.required("district_zh");
    let district_en = r.optional("district_en");
    let street_zh = r.required("street_zh");
    let street_en = r.optional("street_en");
    let name_zh = r.required("name_zh");
    let name_en = r.required("name_en");
    let address_zh = r.required("address_zh");
    let address_en = r.required("address_en");
    let latitude = r.required("latitude");
    let longitude = r.required("longitude");
    let phones = r.list("phones");
    let phone_24h = r.optional("phone_24h");
    let hours = r.required("hours");
    let tags = r.list("tags");
    let accessibility = r.optional("accessibility");
    let prices = r.list("prices");
    let note_zh = r.optional("note_zh");
    let note_en = r.optional("note_en");
    let directions_zh = r.optional("directions_zh");
    let directions_en = r.optional("directions_en");
    let last_checked = r.required("last_checked");
    let source = r.required("source");
    let is_sample = r.required("is_sample");
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    // Every field read without a problem is `Some`.
    let build = || {
        Some(Facility {
            id: id?,
            kind: kind?,
            region: region?,
            district_zh: district_zh?,
            district_en: district_en?,
            street_zh: street_zh?,
            street_en: street_en?,
            name_zh: name_zh?,
            name_en: name_en?,
            address_zh: address_zh?,
            address_en: address_en?,
            latitude: latitude?,
            longitude: longitude?,
            phones: phones?,
            phone_24h: phone_24h?,
            hours: hours?,
            tags: tags?,
            accessibility: accessibility?.unwrap_or_default(),
            prices: prices?,
            note_zh: note_zh?,
            note_en: note_en?,
            directions_zh: directions_zh?,
            directions_en: directions_en?,
            last_checked: last_checked?,
            source: source?,
            is_sample: is_sample?,
        })
    };
    build().ok_or_else(Vec::new)
}

/// Reads and checks a JSON array of facilities: all of them, or every problem found.
pub fn parse_json(
    text: &str,
    today: Date,
    regions: &[&str],
) -> Result<Vec<Facility>, Vec<ImportProblem>> {
    let file_problem = |message: String| {
        vec![ImportProblem {
            row: Place::File,
            field: String::new(),
            message,
        }]
    };
    let value: Value =
        serde_json::from_str(text).map_err(|e| file_problem(format!("not JSON: {e}")))?;
    let Value::Array(records) = value else {
        return Err(file_problem("must be a JSON array of facilities".into()));
    };
    let mut read = Vec::new();
    let mut problems = Vec::new();
    for (i, record) in records.iter().enumerate() {
        match facility_from_json(record) {
            Ok(f) => read.push((Place::Record(i), f)),
            Err(found) => problems.extend(found.into_iter().map(|p| ImportProblem {
                row: Place::Record(i),
                field: p.field,
                message: p.message,
            })),
        }
    }
    check_all(read, problems, today, regions)
}

/// Writes facilities as the JSON array [`parse_json`] reads.
pub fn to_json(facilities: &[Facility]) -> String {
    let mut text = serde_json::to_string_pretty(facilities)
        .expect("facilities serialise: no maps with non-string keys");
    text.push('\n');
    text
}

/// Splits CSV text into records of cells (RFC 4180: `,` separates, `"` quotes, `""` is a quote
/// inside quotes, line breaks inside quotes are kept; CRLF or LF ends a record; a leading
/// byte-order mark is skipped). The error names the line.
pub fn read_csv_records(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut quoted = false;
    let mut started = false;
    let mut closed = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => {
                    quoted = false;
                    closed = true;
                }
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    cell.push(c);
                }
            }
            continue;
        }
        match c {
            ',' => {
                record.push(std::mem::take(&mut cell));
                (started, closed) = (false, false);
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
                (started, closed) = (false, false);
                line += 1;
            }
            _ if closed => {
                return Err(format!(
                    "line {line}: text after a closing quote; put the whole cell in quotes"
                ))
            }
            '"' if !started => {
                quoted = true;
                started = true;
            }
            '"' => {
                return Err(format!(
                "line {line}: a quote inside an unquoted cell; quote the cell and double the quote"
            ))
            }
            c => {
                started = true;
                cell.push(c);
            }
        }
    }
    if quoted {
        return Err(format!("line {line}: a quoted cell is not closed"));
    }
    if started || closed || !record.is_empty() {
        record.push(cell);
        records.push(record);
    }
    Ok(records)
}

/// Appends one CSV record, quoting cells that need it, ended by CRLF.
pub fn write_csv_record<S: AsRef<str>>(cells: &[S], out: &mut String) {
    for (i, cell) in cells.iter().enumerate() {
        let cell = cell.as_ref();
        if i > 0 {
            out.push(',');
        }
        let needs_quotes = cell.contains([',', '"', '\r', '\n'])
            || cell.starts_with(char::is_whitespace)
            || cell.ends_with(char::is_whitespace);
        if needs_quotes {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push_str("\r\n");
}

fn phones_cell(phones: &[Phone]) -> String {
    phones
        .iter()
        .map(|p| match &p.label_en {
            Some(en) => format!("{}/{en}={}", p.label_zh, p.number),
            None => format!("{}={}", p.label_zh, p.number),
        })
        .collect::<Vec<_>>()
        .join("|")
}

fn parse_phones(cell: &str) -> Result<Vec<Phone>, String> {
    cell.split('|')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (labels, number) = entry.split_once('=').ok_or_else(|| {
                format!("{entry:?} is not label=number (or 中文标签/English label=number)")
            })?;
            let (label_zh, label_en) = match labels.split_once('/') {
                Some((zh, en)) => (zh.trim(), Some(en.trim().to_string())),
                None => (labels.trim(), None),
            };
            Ok(Phone {
                label_zh: label_zh.to_string(),
                label_en,
                number: number.trim().to_string(),
            })
        })
        .collect()
}

fn parse_bool(cell: &str) -> Option<bool> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "0" => Some(false),
        "true" | "yes" | "1" => Some(true),
        _ => None,
    }
}

/// Writes facilities as the CSV [`parse_csv`] reads: a byte-order mark, the header of
/// [`COLUMNS`], one row per facility.
pub fn to_csv(facilities: &[Facility]) -> String {
    let mut out = String::from('\u{feff}');
    write_csv_record(&COLUMNS, &mut out);
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    for f in facilities {
        let a = f.accessibility;
        let row: [String; 28] = [
            f.id.clone(),
            f.kind.key().into(),
            f.region.clone(),
            f.district_zh.clone(),
            text(&f.district_en),
            f.street_zh.clone(),
            text(&f.street_en),
            f.name_zh.clone(),
            f.name_en.clone(),
            f.address_zh.clone(),
            f.address_en.clone(),
            f.latitude.to_string(),
            f.longitude.to_string(),
            phones_cell(&f.phones),
            text(&f.phone_24h),
            f.hours.to_string(),
            f.tags.iter().map(|t| t.key()).collect::<Vec<_>>().join("|"),
            a.step_free_entrance.to_string(),
            a.accessible_toilet.to_string(),
            a.accessible_parking.to_string(),
            if f.prices.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&f.prices).expect("price lists serialise")
            },
            text(&f.note_zh),
            text(&f.note_en),
            text(&f.directions_zh),
            text(&f.directions_en),
            f.last_checked.to_string(),
            f.source.clone(),
            f.is_sample.to_string(),
        ];
        write_csv_record(&row, &mut out);
    }
    out
}

/// Reads one CSV row into a facility, noting each problem under its column name.
fn facility_from_row(cell: &dyn Fn(&str) -> String) -> Result<Facility, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut note = |field: &str, message: String| {
        problems.push(FieldProblem {
            field: field.to_string(),
            message,
        })
    };
    let optional = |name: &str| Some(cell(name)).filter(|c| !c.trim().is_empty());
    let mut required = |name: &str| {
        let c = cell(name);
        if c.trim().is_empty() {
            note(name, "is missing".into());
            None
        } else {
            Some(c)
        }
    };
    let kind_cell = required("kind");
    let hours_cell = required("hours");
    let latitude_cell = required("latitude");
    let longitude_cell = required("longitude");
    let last_checked_cell = required("last_checked");
    let is_sample_cell = required("is_sample");
    let kind = kind_cell.and_then(|k| {
        Kind::parse(k.trim()).or_else(|| {
            let known: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
            note(
                "kind",
                format!("{k:?} is not a kind (known: {})", known.join(", ")),
            );
            None
        })
    });
    let hours = hours_cell.and_then(|h| {
        Hours::parse(&h)
            .map_err(|e| note("hours", e.to_string()))
            .ok()
    });
    let mut number = |name: &str, c: Option<String>| {
        c.and_then(|c| {
            c.trim()
                .parse::<f64>()
                .map_err(|_| note(name, format!("{c:?} is not a number")))
                .ok()
        })
    };
    let latitude = number("latitude", latitude_cell);
    let longitude = number("longitude", longitude_cell);
    let last_checked = last_checked_cell.and_then(|d| {
        Date::parse(d.trim()).or_else(|| {
            note(
                "last_checked",
                format!("{d:?} is not a date like 2026-11-01"),
            );
            None
        })
    });
    let mut flag = |name: &str, c: String| {
        parse_bool(&c).or_else(|| {
            note(name, format!("{c:?} is not true or false"));
            None
        })
    };
    let is_sample = is_sample_cell.and_then(|c| flag("is_sample", c));
    let step_free_entrance = flag("step_free_entrance", cell("step_free_entrance"));
    let accessible_toilet = flag("accessible_toilet", cell("accessible_toilet"));
    let accessible_parking = flag("accessible_parking", cell("accessible_parking"));
    let mut tags = Vec::new();
    for key in cell("tags")
        .split('|')
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        match Tag::parse(key) {
            Some(tag) => tags.push(tag),
            None => note("tags", format!("{key:?} is not a tag")),
        }
    }
    let phones = parse_phones(&cell("phones"))
        .map_err(|e| note("phones", e))
        .ok();
    let prices = match optional("prices") {
        None => Some(Vec::new()),
        Some(json) => match serde_json::from_str::<Value>(&json) {
            Ok(value) => {
                let mut found = Vec::new();
                let prices = list_of::<PriceItem>(&value, "prices", &mut found);
                for p in found {
                    note(&p.field, p.message);
                }
                prices
            }
            Err(e) => {
                note("prices", format!("not a JSON list of price items: {e}"));
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let build = || {
        Some(Facility {
            id: cell("id").trim().to_string(),
            kind: kind?,
            region: cell("region").trim().to_string(),
            district_zh: cell("district_zh"),
            district_en: optional("district_en"),
            street_zh: cell("street_zh"),
            street_en: optional("street_en"),
            name_zh: cell("name_zh"),
            name_en: cell("name_en"),
            address_zh: cell("address_zh"),
            address_en: cell("address_en"),
            latitude: latitude?,
            longitude: longitude?,
            phones: phones?,
            phone_24h: optional("phone_24h").map(|p| p.trim().to_string()),
            hours: hours?,
            tags,
            accessibility: Accessibility {
                step_free_entrance: step_free_entrance?,
                accessible_toilet: accessible_toilet?,
                accessible_parking: accessible_parking?,
            },
            prices: prices?,
            note_zh: optional("note_zh"),
            note_en: optional("note_en"),
            directions_zh: optional("directions_zh"),
            directions_en: optional("directions_en"),
            last_checked: last_checked?,
            source: cell("source"),
            is_sample: is_sample?,
        })
    };
    build().ok_or_else(Vec::new)
}

/// Reads and checks a CSV file of facilities (see the module documentation for the columns):
/// all of them, or every problem found.
pub fn parse_csv(
    text: &str,
    today: Date,
    regions: &[&str],
) -> Result<Vec<Facility>, Vec<ImportProblem>> {
    let file_problem = |field: &str, message: String| ImportProblem {
        row: Place::File,
        field: field.to_string(),
        message,
    };
    let mut records = read_csv_records(text)
        .map_err(|e| vec![file_problem("", e)])?
        .into_iter();
    let Some(header) = records.next() else {
        return Err(vec![file_problem(
            "",
            "is empty: the header row is missing".into(),
        )]);
    };
    let mut header_problems = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        if !COLUMNS.contains(&name) {
            header_problems.push(file_problem(name, "is not a known column".into()));
        } else if position.insert(name, i).is_some() {
            header_problems.push(file_problem(name, "is a column twice".into()));
        }
    }
    for name in COLUMNS {
        if !position.contains_key(name) && !OPTIONAL_COLUMNS.contains(&name) {
            header_problems.push(file_problem(name, "column is missing".into()));
        }
    }
    if !header_problems.is_empty() {
        return Err(header_problems);
    }
    let mut read = Vec::new();
    let mut problems = Vec::new();
    for (n, record) in records.enumerate() {
        let row = Place::Row(n + 1);
        if record.len() == 1 && record[0].trim().is_empty() {
            continue;
        }
        if record.len() != header.len() {
            problems.push(ImportProblem {
                row,
                field: String::new(),
                message: format!(
                    "has {} cells; the header has {}",
                    record.len(),
                    header.len()
                ),
            });
            continue;
        }
        let cell = |name: &str| {
            position
                .get(name)
                .map(|&i| record[i].clone())
                .unwrap_or_default()
        };
        match facility_from_row(&cell) {
            Ok(f) => read.push((row, f)),
            Err(found) => problems.extend(found.into_iter().map(|p| ImportProblem {
                row,
                field: p.field,
                message: p.message,
            })),
        }
    }
    check_all(read, problems, today, regions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::booking::{calendar::HolidayCalendar, moment::Moment};
    use crate::domain::directory::{
        facility::tests::funeral_home,
        hours::{status_at, OpenStatus},
        prices::{estimate, Deceased, EcoBurial, FreeGroup},
    };
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    const REGIONS: &[&str] = &["baoding", "anning", "qufu", "fenghua"];
    const SAMPLE: &str = include_str!("../../../../server/data/directory/facilities.json");

    fn today() -> Date {
        Date::parse("2026-11-22").unwrap()
    }

    fn sample() -> Vec<Facility> {
        parse_json(SAMPLE, today(), REGIONS).unwrap_or_else(|problems| {
            let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            panic!("sample file problems:\n{}", lines.join("\n"))
        })
    }

    fn tricky() -> Facility {
        let mut f = funeral_home();
        f.name_en = "Test \"Quoted\", Funeral Home".into();
        f.address_en = "1 Road,\nline two".into();
        f.note_zh = Some("说明，含逗号\r\n和换行".into());
        f.directions_zh = Some("乘 1 路公交，\"凤凰山\"站下车".into());
        f.note_en = Some("Note".into());
        f.street_en = None;
        f.latitude = 24.919_612_345_678_9;
        f.hours = Hours::parse(
            "mon-thu 08:30-12:00,14:00-17:30; fri 20:00-08:00; holidays closed; \
             2026-10-01..2026-10-03 09:00-10:00",
        )
        .unwrap();
        f.phones.push(Phone {
            label_zh: "值班".into(),
            label_en: None,
            number: "+86 871 0000 0102".into(),
        });
        f
    }

    #[test]
    fn the_sample_file_passes_the_checks() {
        let all = sample();
        assert!(all.len() >= 30, "{} facilities", all.len());
        assert!(all.iter().all(|f| f.is_sample || !f.source.is_empty()));
    }

    #[test]
    fn each_sample_region_has_the_facilities_residents_look_for() {
        let all = sample();
        for region in REGIONS {
            let of = |kind: Kind| -> Vec<&Facility> {
                all.iter()
                    .filter(|f| f.region == *region && f.kind == kind)
                    .collect()
            };
            let homes = of(Kind::FuneralHome);
            assert!(!homes.is_empty(), "{region}: funeral home");
            for home in homes {
                assert!(home.phone_24h.is_some());
                let basic: Vec<&PriceItem> = home.prices.iter().filter(|p| p.basic).collect();
                assert!(basic.len() >= 3, "{region}: basic services priced");
                for p in basic {
                    assert!(
                        p.free_for.contains(&FreeGroup::Dibao)
                            && p.free_for.contains(&FreeGroup::Tekun)
                            || p.free_for.contains(&FreeGroup::AllResidents),
                        "{region}: {} free for dibao and tekun",
                        p.name_en
                    );
                }
                let poor = Deceased {
                    resident_of_region: true,
                    dibao: true,
                    ..Deceased::default()
                };
                let e = estimate(&home.prices, &poor, None);
                assert_eq!(e.pay_fen, 0, "{region}: basic services free on dibao");
                assert!(e.saved_fen > 0);
            }
            let burial: Vec<&Facility> = all
                .iter()
                .filter(|f| {
                    f.region == *region
                        && matches!(f.kind, Kind::PublicCemetery | Kind::Columbarium)
                })
                .collect();
            let eco: BTreeSet<EcoBurial> = burial
                .iter()
                .flat_map(|f| f.prices.iter().filter_map(|p| p.item.eco_burial()))
                .collect();
            assert!(eco.len() >= 3, "{region}: eco burials {eco:?}");
            let stations = of(Kind::VolunteerStation).len();
            assert!(
                (3..=5).contains(&stations),
                "{region}: {stations} volunteer stations"
            );
            let social = of(Kind::SocialWorkStation).len();
            assert!(
                (1..=2).contains(&social),
                "{region}: {social} social-work stations"
            );
            // Where the pre-check sends residents to apply.
            let offices = of(Kind::StreetOffice);
            assert!(
                offices.len() >= 2,
                "{region}: {} street offices",
                offices.len()
            );
            assert!(offices
                .iter()
                .all(|f| f.has_tag(Tag::AssistanceApplications)));
        }
        for named in ["昆明西郊殡仪馆", "安宁市凤凰山公墓", "曲阜孝德园公墓"]
        {
            let f = all.iter().find(|f| f.name_zh == named).expect(named);
            assert!(f.source.contains("seeds/"), "{named} cites its seed");
        }
        let anning_rural = all
            .iter()
            .filter(|f| f.region == "anning" && f.name_zh.contains("农村公益性公墓"))
            .count();
        assert!(anning_rural >= 2);
    }

    #[test]
    fn funeral_homes_in_the_sample_are_open_around_the_clock() {
        let all = sample();
        let night = Moment::parse("2026-10-01T03:00:00+08:00").unwrap();
        for home in all.iter().filter(|f| f.kind == Kind::FuneralHome) {
            assert_eq!(
                status_at(&home.hours, night, &HolidayCalendar::default()),
                OpenStatus::Open { until: None },
                "{}",
                home.id
            );
        }
    }

    #[test]
    fn json_and_csv_exports_read_back_the_same_facilities() {
        let mut all = sample();
        all.push(tricky());
        let json = to_json(&all);
        assert_eq!(parse_json(&json, today(), REGIONS), Ok(all.clone()));
        let csv = to_csv(&all);
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(parse_csv(&csv, today(), REGIONS), Ok(all.clone()));
        // And the CSV without its byte-order mark, with LF line ends.
        let plain = csv.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        assert_eq!(
            parse_csv(&plain, today(), REGIONS).map(|v| v.len()),
            Ok(all.len())
        );
    }

    fn problems_of(result: Result<Vec<Facility>, Vec<ImportProblem>>) -> Vec<String> {
        result.unwrap_err().iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn json_problems_name_the_record_and_field() {
        let good = serde_json::to_value(funeral_home()).unwrap();
        let mut second = good.clone();
        second["kind"] = "hospital".into();
        second["tags"] = serde_json::json!(["elderly_help", "karaoke"]);
        second["hours"] = "mon 8-12".into();
        second["colour"] = "red".into();
        let mut third = good.clone();
        third.as_object_mut().unwrap().remove("phone_24h");
        third["latitude"] = 48.85.into();
        third["longitude"] = 2.35.into();
        third["last_checked"] = "2027-01-01".into();
        third["region"] = "paris".into();
        third["prices"][0]["price_fen"] = (-1).into();
        let text = serde_json::to_string(&[good.clone(), second, third, good]).unwrap();
        let problems = problems_of(parse_json(&text, today(), REGIONS));
        let expected = [
            "record [1], colour: is not a known field",
            "record [1], kind: unknown variant `hospital`",
            "record [1], hours: in \"mon 8-12\"",
            "record [1], tags[1]: unknown variant `karaoke`",
            "record [2], region: \"paris\" is not a region served",
            "record [2], longitude: 48.85,2.35 is outside China",
            "record [2], phone_24h: a funeral home needs a 24-hour number",
            "record [2], prices[0].price_fen: -1 is negative",
            "record [2], last_checked: 2027-01-01 is after today, 2026-11-22",
            "record [2], id: \"test-funeral-home\" is also the id of record [0]",
            "record [3], id: \"test-funeral-home\" is also the id of record [0]",
        ];
        assert_eq!(problems.len(), expected.len(), "{problems:#?}");
        for want in expected {
            assert!(
                problems.iter().any(|p| p.starts_with(want)),
                "missing {want:?} in {problems:#?}"
            );
        }
        assert_eq!(
            problems_of(parse_json("{}", today(), REGIONS)),
            ["file: must be a JSON array of facilities"]
        );
        assert!(problems_of(parse_json("[", today(), REGIONS))[0].starts_with("file: not JSON"));
    }

    #[test]
    fn csv_problems_name_the_row_and_column() {
        let mut csv = to_csv(&[funeral_home()]);
        let row = csv.lines().nth(1).unwrap().to_string();
        csv.push_str(
            &row.replace("funeral_home", "hospital")
                .replace("service_24h", "karaoke")
                .replace("24h", "mon 8-12"),
        );
        csv.push_str("\r\n\r\n");
        csv.push_str(
            &row.replacen("test-funeral-home", "second", 1)
                .replace("true", "maybe"),
        );
        csv.push_str("\r\nonly,three,cells\r\n");
        csv.push_str(&row);
        let problems = problems_of(parse_csv(&csv, today(), REGIONS));
        let expected = [
            "row 2, kind: \"hospital\" is not a kind",
            "row 2, hours: in \"mon 8-12\"",
            "row 2, tags: \"karaoke\" is not a tag",
            "row 4, is_sample: \"maybe\" is not true or false",
            "row 4, step_free_entrance: \"maybe\" is not true or false",
            "row 4, prices: not a JSON list of price items",
            "row 5: has 3 cells; the header has 28",
            "row 6, id: \"test-funeral-home\" is also the id of row 1",
        ];
        assert_eq!(problems.len(), expected.len(), "{problems:#?}");
        for want in expected {
            assert!(
                problems.iter().any(|p| p.starts_with(want)),
                "missing {want:?} in {problems:#?}"
            );
        }
        // A file written before the directions columns existed still reads, without directions.
        let mut older = funeral_home();
        older.note_en = Some("NOTE-EN".into());
        let old_csv = to_csv(std::slice::from_ref(&older))
            .replace("note_en,directions_zh,directions_en,", "note_en,")
            .replace("NOTE-EN,,,", "NOTE-EN,");
        let read = parse_csv(&old_csv, today(), REGIONS).expect("an older file reads");
        assert_eq!(read, vec![older]);
        let header = problems_of(parse_csv("id,kind,colour\r\n", today(), REGIONS));
        assert!(header.contains(&"file, colour: is not a known column".to_string()));
        assert!(header.contains(&"file, region: column is missing".to_string()));
        assert_eq!(
            problems_of(parse_csv("", today(), REGIONS)),
            ["file: is empty: the header row is missing"]
        );
    }

    #[test]
    fn texts_are_trimmed_and_english_has_no_chinese() {
        let mut f = funeral_home();
        f.name_en = "殡仪馆 Funeral Home".into();
        f.note_zh = Some(String::new());
        f.source = " test".into();
        f.phones[0].label_en = Some("咨询".into());
        f.prices[0].name_en = " Cremation".into();
        f.id = "Test".into();
        let fields: Vec<String> = check(&f, today(), REGIONS)
            .into_iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect();
        assert_eq!(
            fields,
            [
                "id: \"Test\" is not an id: 2 to 64 of a-z, 0-9 and -, starting with a letter",
                "name_en: English text contains Chinese characters",
                "note_zh: is empty",
                "source: has spaces at the start or end",
                "phones[0].label_en: English text contains Chinese characters",
                "prices[0].name_en: has spaces at the start or end",
            ]
        );
        assert!(check(&funeral_home(), today(), REGIONS).is_empty());
    }

    #[test]
    fn csv_cells_quote_and_unquote() {
        let text =
            "a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n\u{4e2d}\u{6587},\" pad \",\"\"";
        assert_eq!(
            read_csv_records(text).unwrap(),
            vec![
                vec!["a", "b,1", "say \"hi\""],
                vec!["two\nlines", "", "x"],
                vec!["中文", " pad ", ""],
            ]
        );
        for (bad, says) in [
            ("a,\"open\r\nb", "line 2: a quoted cell is not closed"),
            ("a,b\"c", "line 1: a quote inside an unquoted cell"),
            ("a,\"b\"c", "line 1: text after a closing quote"),
        ] {
            let e = read_csv_records(bad).unwrap_err();
            assert!(e.starts_with(says), "{bad:?}: {e}");
        }
        let mut out = String::new();
        write_csv_record(&["plain", "a,b", "q\"q", " lead", "", "新\n行"], &mut out);
        assert_eq!(out, "plain,\"a,b\",\"q\"\"q\",\" lead\",,\"新\n行\"\r\n");
    }

    #[test]
    fn phones_and_flags_read_from_their_csv_cells() {
        assert_eq!(
            parse_phones("咨询/Enquiries=0871-0000100 | 值班=12345").unwrap(),
            vec![
                Phone {
                    label_zh: "咨询".into(),
                    label_en: Some("Enquiries".into()),
                    number: "0871-0000100".into()
                },
                Phone {
                    label_zh: "值班".into(),
                    label_en: None,
                    number: "12345".into()
                },
            ]
        );
        assert!(parse_phones("0871-0000100").is_err());
        assert_eq!(parse_phones("").unwrap(), vec![]);
        assert_eq!(parse_bool(" TRUE "), Some(true));
        assert_eq!(parse_bool(""), Some(false));
        assert_eq!(parse_bool("maybe"), None);
        assert!(is_valid_phone("0574-0000005") && is_valid_phone("12349"));
        assert!(!is_valid_phone("call us") && !is_valid_phone("12"));
        assert!(is_valid_id("anning-xijiao-funeral-home"));
        for bad in ["", "a", "Anning", "1a", "a_b", "ab-", "凤凰"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn any_table_of_cells_survives_csv(
            rows in prop::collection::vec(
                prop::collection::vec("[a-z ,\"\r\n中-]{0,6}", 2..5),
                1..6,
            ),
        ) {
            let width = rows[0].len();
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                .map(|mut r| { r.resize(width, String::new()); r })
                .collect();
            let mut out = String::new();
            for r in &rows {
                write_csv_record(r, &mut out);
            }
            prop_assert_eq!(read_csv_records(&out), Ok(rows));
        }
    }
}
