//! Walking the questions as a browser would: each screen posted with the answers so far.

use super::*;

const REGIONS: [&str; 2] = ["baoding", "anning"];

/// Submits `step` with the answers carried so far plus `fields`, pressing `go`.
fn post(wizard: &Wizard, go: &str, fields: &[(&str, &str)]) -> Wizard {
    let mut pairs: Vec<(String, String)> = wizard
        .answers
        .0
        .iter()
        .filter(|(k, _)| !wizard.step.fields().contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    pairs.push(("step".into(), wizard.step.key()));
    if wizard.returning {
        pairs.push(("return".into(), "check".into()));
    }
    pairs.push(("go".into(), go.into()));
    if let Step::PersonMore(i) = wizard.step {
        pairs.push((member_field(i, "seen"), "yes".into()));
    }
    pairs.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Wizard::submit(&pairs, &REGIONS)
}

/// Answers a couple with a child of 10 on ¥1,500 a month, up to the check page.
fn walk_to_check() -> Wizard {
    let mut w = Wizard::start();
    let screens: Vec<Vec<(&str, &str)>> = vec![
        vec![("region", "baoding")],
        vec![("hukou", "urban")],
        vec![("size", "3")],
        vec![("m0.age", "40")],
        vec![],
        vec![("m1.age", "38"), ("m1.relation", "spouse")],
        vec![
            ("m1.grade", "2"),
            ("m1.kind", "physical"),
            ("m1.cannot_work", "yes"),
        ],
        vec![("m2.age", "10"), ("m2.relation", "child")],
        vec![("m2.parents", "present"), ("m2.student", "yes")],
        vec![("income_mode", "exact"), ("income", "1,500")],
        vec![("assets", "10000"), ("homes", "1")],
        vec![],
        vec![("emergency", "no")],
        vec![("supporter", "yes")],
    ];
    for fields in screens {
        let before = w.step;
        w = post(&w, "next", &fields);
        assert!(w.errors.is_empty(), "{before:?} refused: {:?}", w.errors);
    }
    w
}

#[test]
fn answering_every_screen_leads_to_the_check_page_and_a_household() {
    let w = walk_to_check();
    assert_eq!(w.step, Step::Check);
    let (region, h) = household(&w.answers, &REGIONS).expect("complete answers");
    assert_eq!(region, "baoding");
    assert_eq!(h.hukou, Hukou::Urban);
    assert_eq!(h.income, Income::Exact(yuan(1500)));
    assert_eq!(h.members.len(), 3);
    assert_eq!(h.members[0].relation, Relation::Applicant);
    assert_eq!(h.members[1].disability_grade, Some(2));
    assert_eq!(h.members[1].disability_kind, Some(DisabilityKind::Physical));
    assert!(!h.members[1].can_work);
    assert!(h.members[2].student && h.members[2].relation == Relation::Child);
    assert_eq!(h.financial_assets, yuan(10_000));
    assert_eq!((h.homes, h.vehicles, h.rigid_expenses), (1, 0, 0));
    assert!(h.has_capable_supporter && !h.emergency);
    assert_eq!(post(&w, "next", &[]).step, Step::Result);
}

#[test]
fn a_bad_answer_keeps_the_screen_with_a_message_at_its_field() {
    let mut w = walk_to_check();
    w = post(&w, "person-2", &[]);
    assert_eq!(w.step, Step::Person(1));
    let refused = post(&w, "next", &[("m1.age", "abc"), ("m1.relation", "spouse")]);
    assert_eq!(refused.step, Step::Person(1));
    assert_eq!(refused.errors.len(), 1);
    assert_eq!(refused.errors[0].field, "m1.age");
    assert_eq!(refused.errors[0].message, Msg::AskAgeInvalid);
    assert!(
        refused.returning,
        "the screen still returns to the check page"
    );

    let too_old = post(&w, "next", &[("m1.age", "131"), ("m1.relation", "spouse")]);
    assert_eq!(too_old.errors[0].field, "m1.age");
    let no_relation = post(&w, "next", &[("m1.age", "38")]);
    assert_eq!(no_relation.errors[0].field, "m1.relation");
}

#[test]
fn a_change_link_returns_to_the_check_page() {
    let w = walk_to_check();
    let changing = post(&w, "income", &[]);
    assert_eq!(changing.step, Step::Income);
    assert!(changing.returning);
    let changed = post(&changing, "next", &[("income_mode", "1000-2000")]);
    assert_eq!(changed.step, Step::Check);
    let (_, h) = household(&changed.answers, &REGIONS).unwrap();
    assert_eq!(
        h.income,
        Income::Range {
            low: yuan(1000),
            high: yuan(2000)
        }
    );
    let kept = [("income_mode", "exact"), ("income", "1500")];
    assert_eq!(post(&changing, "back", &kept).step, Step::Check);
}

#[test]
fn an_amount_typed_and_a_range_chosen_are_not_silently_reduced_to_one() {
    let w = walk_to_check();
    let changing = post(&w, "income", &[]);
    let both = post(
        &changing,
        "next",
        &[("income", "1500"), ("income_mode", "1000-2000")],
    );
    assert_eq!(both.step, Step::Income, "the screen stays");
    assert_eq!(
        both.errors,
        [FieldError {
            field: "income".into(),
            message: Msg::AskIncomeBoth
        }]
    );
    // Either one alone is taken.
    let range = post(&changing, "next", &[("income_mode", "1000-2000")]);
    assert_eq!(range.step, Step::Check);
    let exact = post(
        &changing,
        "next",
        &[("income", "1500"), ("income_mode", "exact")],
    );
    assert_eq!(exact.step, Step::Check);
}

#[test]
fn more_members_from_the_check_page_asks_about_the_new_ones_first() {
    let w = walk_to_check();
    let changing = post(&w, "size", &[]);
    let bigger = post(&changing, "next", &[("size", "4")]);
    assert_eq!(bigger.step, Step::Person(3));
    let bigger = post(
        &bigger,
        "next",
        &[("m3.age", "70"), ("m3.relation", "parent")],
    );
    assert_eq!(bigger.step, Step::PersonMore(3));
    let bigger = post(&bigger, "next", &[("m3.cannot_work", "yes")]);
    assert_eq!(bigger.step, Step::Check);
}

#[test]
fn fewer_members_forgets_the_answers_about_the_others() {
    let w = walk_to_check();
    let smaller = post(&post(&w, "size", &[]), "next", &[("size", "1")]);
    assert_eq!(smaller.step, Step::Check);
    assert!(smaller.answers.get("m1.age").is_none());
    assert!(smaller.answers.get("m2.parents").is_none());
    assert_eq!(
        household(&smaller.answers, &REGIONS)
            .unwrap()
            .1
            .members
            .len(),
        1
    );
}

#[test]
fn children_are_asked_about_their_parents_and_adults_are_not() {
    let w = walk_to_check();
    let child = post(&w, "person-3-more", &[]);
    let refused = post(&child, "next", &[]);
    assert_eq!(refused.errors[0].field, "m2.parents");
    assert_eq!(refused.errors[0].message, Msg::AskParentsMissing);
    let adult = post(&w, "person-1-more", &[]);
    assert!(post(&adult, "next", &[]).errors.is_empty());
}

#[test]
fn a_disability_grade_needs_its_kind() {
    let w = walk_to_check();
    let screen = post(&w, "person-2-more", &[]);
    let refused = post(&screen, "next", &[("m1.grade", "3")]);
    assert_eq!(refused.errors[0].field, "m1.kind");
    let none = post(
        &screen,
        "next",
        &[("m1.grade", "none"), ("m1.kind", "visual")],
    );
    assert!(none.errors.is_empty());
    let (_, h) = household(&none.answers, &REGIONS).unwrap();
    assert_eq!(
        (h.members[1].disability_grade, h.members[1].disability_kind),
        (None, None)
    );
}

#[test]
fn the_result_is_never_shown_before_every_question_is_answered() {
    let half = Wizard::submit(
        &[
            ("region".into(), "baoding".into()),
            ("step".into(), "check".into()),
            ("go".into(), "next".into()),
        ],
        &REGIONS,
    );
    assert_eq!(half.step, Step::Hukou);
    let jump = Wizard::submit(
        &[
            ("step".into(), "region".into()),
            ("go".into(), "result".into()),
        ],
        &REGIONS,
    );
    assert_eq!(jump.step, Step::Region);
}

#[test]
fn back_goes_to_the_previous_screen_without_checking_this_one() {
    let mut w = Wizard::start();
    w = post(&w, "next", &[("region", "anning")]);
    w = post(&w, "next", &[("hukou", "rural")]);
    assert_eq!(w.step, Step::Size);
    let back = post(&w, "back", &[("size", "zero")]);
    assert_eq!(back.step, Step::Hukou);
    assert!(back.errors.is_empty());
    assert_eq!(back.answers.get("hukou"), Some("rural"));
}

#[test]
fn a_region_without_figures_is_refused() {
    let w = post(&Wizard::start(), "next", &[("region", "qufu")]);
    assert_eq!(w.step, Step::Region);
    assert_eq!(w.errors[0].message, Msg::AskRegionMissing);
}

#[test]
fn amounts_are_read_as_people_type_them() {
    assert_eq!(parse_yuan("1500"), Some(yuan(1500)));
    assert_eq!(parse_yuan("1,500"), Some(yuan(1500)));
    assert_eq!(parse_yuan("１５００元"), Some(yuan(1500)));
    assert_eq!(parse_yuan("¥1500.5"), Some(yuan(1500) + 50));
    assert_eq!(parse_yuan("0.05"), Some(5));
    for bad in ["", "-5", "1.234", "abc", "1e3", "100000001", "."] {
        assert_eq!(parse_yuan(bad), None, "{bad:?} should be refused");
    }
    assert_eq!(parse_whole("３"), Some(3));
    assert_eq!(parse_whole("-3"), None);
}

#[test]
fn saved_answers_reopen_on_the_result_and_partial_ones_on_the_next_question() {
    let w = walk_to_check();
    let text = w.answers.encode();
    let again = Answers::decode(&text);
    assert_eq!(again, w.answers);
    assert_eq!(Wizard::resume(again, &REGIONS).step, Step::Result);
    let partial = Answers::decode("region=baoding&hukou=urban");
    assert_eq!(Wizard::resume(partial, &REGIONS).step, Step::Size);
    let hostile = Answers::decode("region=baoding&evil=1&m99.age=3&m0.age=40&size=1");
    assert!(hostile.get("evil").is_none() && hostile.get("m99.age").is_none());
}

#[test]
fn progress_counts_only_question_screens() {
    let w = walk_to_check();
    let first = post(&w, "region", &[]);
    // 3 household screens, 2 per member, 5 money and circumstance screens.
    assert_eq!(first.progress(), Some((1, 3 + 2 * 3 + 5)));
    assert_eq!(w.progress(), None);
}

#[test]
fn a_screen_opened_at_its_own_address_shows_its_question_with_the_answers_kept() {
    let check = walk_to_check();
    // Back (the browser's) to the income screen: the question, with the income kept, no errors.
    let income = Wizard::shown(
        check.answers.clone(),
        Some(Step::Income),
        false,
        false,
        &REGIONS,
    );
    assert_eq!(income.step, Step::Income);
    assert_eq!(income.answers.get("income"), Some("1,500"));
    assert!(income.errors.is_empty());
    // An address past what was answered stops at the first screen still to answer.
    let mut partial = check.answers.clone();
    partial.0.remove("emergency");
    let result = Wizard::shown(partial, Some(Step::Result), false, false, &REGIONS);
    assert_eq!(result.step, Step::Emergency);
    // A screen sent back with problems shows them again; one merely revisited does not.
    let mut wrong = check.answers.clone();
    wrong.0.insert("size".into(), "abc".into());
    let sent_back = Wizard::shown(wrong.clone(), Some(Step::Size), false, true, &REGIONS);
    assert_eq!(sent_back.step, Step::Size);
    assert_eq!(sent_back.errors.len(), 1);
    assert_eq!(sent_back.errors[0].field, "size");
    let revisited = Wizard::shown(wrong, Some(Step::Size), false, false, &REGIONS);
    assert!(revisited.errors.is_empty());
    // Opened from the check page, it returns there.
    let changing = Wizard::shown(check.answers, Some(Step::Income), true, false, &REGIONS);
    assert!(changing.returning);
}
