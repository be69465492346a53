//! Welsh releases (rt29): ranks with their mutations, Welsh keywords and
//! headers, dates of birth with Welsh months, streets that start with their
//! street word, team mailboxes. One place for the language across
//! detectors, so a new Welsh word is tested where the others are.

use super::test_support::{found_texts, hits};

fn strong(kind: &str, t: &str, header: Option<&str>) -> Vec<(String, bool)> {
    hits(t, header)
        .into_iter()
        .filter(|h| h.kind == kind)
        .map(|h| (t[h.start..h.end].to_string(), h.strong))
        .collect()
}

#[test]
fn ranks_before_names_and_numbers() {
    for (t, name) in [
        (
            "Ymatebodd Cwnstabl Dafydd ap Gruffydd i'r alwad",
            "Cwnstabl Dafydd ap Gruffydd",
        ),
        (
            "Cymerwyd datganiad gan Ditectif Gwnstabl Elin Ffransis",
            "Ditectif Gwnstabl Elin Ffransis",
        ),
        (
            "Awdurdodwyd gan Uwch-arolygydd Gareth Wyn Jones",
            "arolygydd Gareth Wyn Jones",
        ),
        (
            "Prif Arolygydd Rhys ab Owain oedd y swyddog",
            "Prif Arolygydd Rhys ab Owain",
        ),
    ] {
        assert_eq!(
            strong("person_name", t, None),
            vec![(name.to_string(), true)],
            "{t}"
        );
    }
    // A chief officer is published: review.
    assert_eq!(
        strong("person_name", "Prif Gwnstabl Amanda Blakeley", None),
        vec![("Prif Gwnstabl Amanda Blakeley".to_string(), false)]
    );
    for (t, n) in [
        ("Cwyn yn erbyn Rhingyll 1123 am ymddygiad", "1123"),
        ("gan Gwnstabl 4521 ac fe'i trosglwyddwyd", "4521"),
        ("nodwyd rhif coler 4521 gan yr achwynydd", "4521"),
        ("Cafodd swyddog 4521 ei wahardd dros dro", "4521"),
    ] {
        assert_eq!(found_texts("shoulder_number", t, None), vec![n], "{t}");
    }
}

#[test]
fn headers_dates_and_addresses() {
    assert_eq!(
        found_texts("shoulder_number", "4521", Some("Rhif coler")),
        vec!["4521"]
    );
    assert_eq!(
        found_texts("payroll_number", "825729", Some("Rhif cyflogres")),
        vec!["825729"]
    );
    assert_eq!(
        found_texts("ni_number", "JG 10 37 59", Some("Rhif YG")).len(),
        1
    );
    assert_eq!(
        found_texts(
            "date_of_birth",
            "Arestiwyd ef, ganwyd 12 Mawrth 1985, yn Llandudno",
            None
        ),
        vec!["12 Mawrth 1985"]
    );
    assert_eq!(
        found_texts("date_of_birth", "gwryw, dyddiad geni 12/03/1985", None),
        vec!["12/03/1985"]
    );
    assert_eq!(
        found_texts(
            "home_address",
            "22 Heol y Castell, Caerdydd",
            Some("Cyfeiriad")
        ),
        vec!["22 Heol y Castell"]
    );
    assert_eq!(
        strong(
            "home_address",
            "Rhoddodd ei gyfeiriad cartref fel 14 Ffordd y Brenin, Caernarfon LL55 1AB",
            None
        ),
        vec![("14 Ffordd y Brenin".to_string(), true)]
    );
}

#[test]
fn months_place_words_and_mailboxes_are_no_people() {
    for t in ["Ionawr 2024", "Stryd Fawr", "Bryn Coch community centre"] {
        assert!(found_texts("person_name", t, None).is_empty(), "{t}");
    }
    assert_eq!(
        strong(
            "email_address",
            "Anfonwch at rhyddid.gwybodaeth@heddlu-gogledd-cymru.police.uk",
            None
        )
        .iter()
        .filter(|(_, s)| *s)
        .count(),
        0
    );
}
