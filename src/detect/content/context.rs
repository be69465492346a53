//! What a column header or a field name says about the values under it, and
//! the hits the context alone backs: the whole value under its column, or
//! the value right after its keyword.
//!
//! ```
//! use foiguard::detect::content::context::{classify_header, H};
//! assert!(classify_header("Pay No.").has(H::PAYROLL));
//! assert!(classify_header("Number of officers").has(H::COUNT));
//! assert!(!classify_header("Number of officers").has(H::NAME));
//! assert!(classify_header("Crime reference").has(H::OTHER_REF));
//! ```

use regex::Regex;

use super::{Evidence, Hit, Scan};
use crate::detect::normalize::word_key;

/// Bit flags classifying a column header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct HeaderInfo(pub u64);

/// The header classes.
pub struct H;

impl H {
    pub const NAME: u64 = 1 << 0;
    pub const SURNAME: u64 = 1 << 1;
    pub const FORENAME: u64 = 1 << 2;
    pub const INITIAL: u64 = 1 << 3;
    /// "Officer", "Officer in case", "Employee": a person column.
    pub const OFFICER: u64 = 1 << 4;
    pub const PAYROLL: u64 = 1 << 5;
    pub const WARRANT: u64 = 1 << 6;
    pub const SHOULDER: u64 = 1 << 7;
    /// "ID", "No", "Number", "Ref" alone: maybe an identifier.
    pub const GENERIC_ID: u64 = 1 << 8;
    pub const VETTING: u64 = 1 << 9;
    pub const EMAIL: u64 = 1 << 10;
    pub const PHONE: u64 = 1 << 11;
    pub const NI: u64 = 1 << 12;
    pub const NHS: u64 = 1 << 13;
    pub const POSTCODE: u64 = 1 << 14;
    pub const ADDRESS: u64 = 1 << 15;
    pub const DOB: u64 = 1 << 16;
    pub const SORT_CODE: u64 = 1 << 17;
    pub const ACCOUNT: u64 = 1 << 18;
    pub const IBAN: u64 = 1 << 19;
    pub const VRM: u64 = 1 << 20;
    pub const IP: u64 = 1 << 21;
    pub const RANK: u64 = 1 << 22;
    pub const GRADE: u64 = 1 << 23;
    pub const ROLE: u64 = 1 << 24;
    pub const DEPT: u64 = 1 << 25;
    pub const STATION: u64 = 1 << 26;
    pub const GENDER: u64 = 1 << 27;
    pub const ETHNICITY: u64 = 1 << 28;
    pub const CONTRACT: u64 = 1 << 29;
    /// Start date, length of service, age, salary, religion...: personal attributes.
    pub const ATTRIBUTE: u64 = 1 << 30;
    /// A count or total ("Number of officers", "Headcount", "Total").
    pub const COUNT: u64 = 1 << 31;
    /// Counts of events, not people ("Crimes", "Arrests", "Stop and searches").
    pub const EVENT: u64 = 1 << 32;
    /// Staff words ("officers", "staff", "headcount").
    pub const STAFF: u64 = 1 << 33;
    /// A reference that is not a person's ("Crime ref", "Incident no", "URN").
    pub const OTHER_REF: u64 = 1 << 34;
    pub const DATE: u64 = 1 << 35;
    pub const AMOUNT: u64 = 1 << 36;
    /// A user name or login ("Username", "User ID").
    pub const USERNAME: u64 = 1 << 37;
    /// A measure, not a count of people ("Hours", "Duration", "Percentage", "Average").
    pub const MEASURE: u64 = 1 << 38;
    /// A unique pupil number ("UPN", "Pupil number").
    pub const UPN: u64 = 1 << 39;
    /// A DBS (criminal record check) certificate number.
    pub const DBS: u64 = 1 << 40;
    /// A nurse's or midwife's NMC PIN.
    pub const NMC: u64 = 1 << 41;
    /// Someone a public service deals with ("Pupil", "Patient", "Tenant"):
    /// a name column when its values look like names.
    pub const SERVICE_USER: u64 = 1 << 42;
    /// A number a public service gives a person: "Prison number", "ULN",
    /// "Patient ID", "Tenancy ref", "H&C No", "Driving licence no".
    pub const PERSON_REF: u64 = 1 << 43;

    /// Headers whose values are a person's name.
    pub const PERSON: u64 = Self::NAME | Self::SURNAME | Self::FORENAME | Self::OFFICER;
    /// Headers whose values identify an officer by number.
    pub const OFFICER_ID: u64 = Self::PAYROLL | Self::WARRANT | Self::SHOULDER;
    /// Columns that describe a person in a personnel table.
    pub const PERSON_ATTRS: u64 = Self::RANK
        | Self::GRADE
        | Self::ROLE
        | Self::DEPT
        | Self::STATION
        | Self::GENDER
        | Self::ETHNICITY
        | Self::CONTRACT
        | Self::ATTRIBUTE
        | Self::VETTING
        | Self::EMAIL
        | Self::PHONE
        | Self::DOB
        | Self::NI
        | Self::ADDRESS
        | Self::POSTCODE;
    /// Headers under which a number is not a person's identifier.
    pub const NOT_PERSON_NUMBER: u64 =
        Self::OTHER_REF | Self::DATE | Self::AMOUNT | Self::COUNT | Self::MEASURE;
    /// Identifiers public services give people: pupil, DBS, NMC numbers.
    pub const SERVICE_ID: u64 = Self::UPN | Self::DBS | Self::NMC;
    /// Any bank header.
    pub const BANK: u64 = Self::SORT_CODE | Self::ACCOUNT | Self::IBAN;
    /// Columns of categories or counts about people, not people.
    pub const CATEGORY: u64 = Self::RANK
        | Self::GRADE
        | Self::ROLE
        | Self::DEPT
        | Self::STATION
        | Self::GENDER
        | Self::ETHNICITY
        | Self::COUNT;
    /// Columns whose values are never read as names: categories, addresses
    /// and e-mail addresses.
    pub const NOT_NAMES: u64 = Self::CATEGORY | Self::ADDRESS | Self::EMAIL;
}

impl HeaderInfo {
    #[inline]
    pub fn has(self, bits: u64) -> bool {
        self.0 & bits != 0
    }
    #[inline]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// Whether `text` has `word` as a whole word, ignoring ASCII case
/// ("CHI No" has "chi"; "Chief" has not).
pub(crate) fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case(word))
}

fn any(words: &[&str], set: &[&str]) -> bool {
    words.iter().any(|w| set.contains(w))
}

fn phrase(key: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| {
        key == *p
            || key.starts_with(&format!("{p} "))
            || key.ends_with(&format!(" {p}"))
            || key.contains(&format!(" {p} "))
    })
}

const EVENT_WORDS: &[&str] = &[
    "crime",
    "crimes",
    "offence",
    "offences",
    "offense",
    "offenses",
    "arrest",
    "arrests",
    "search",
    "searches",
    "stop",
    "stops",
    "request",
    "requests",
    "incident",
    "incidents",
    "call",
    "calls",
    "complaint",
    "complaints",
    "application",
    "applications",
    "case",
    "cases",
    "report",
    "reports",
    "collision",
    "collisions",
    "victim",
    "victims",
    "suspect",
    "suspects",
    "detection",
    "detections",
    "outcome",
    "outcomes",
    "charge",
    "charges",
    "fine",
    "fines",
    "penalty",
    "penalties",
    "occurrence",
    "occurrences",
    "foi",
    "event",
    "events",
    "journey",
    "journeys",
    "vehicle",
    "vehicles",
    "seizure",
    "seizures",
    "tickets",
    "referrals",
    "warrants",
    "deployments",
    "attendances",
    // People the police deal with, and what they do to them.
    "arrested",
    "searched",
    "detained",
    "detention",
    "detentions",
    "detainee",
    "detainees",
    "offender",
    "offenders",
    "allegation",
    "allegations",
    "complainant",
    "complainants",
    "applicant",
    "applicants",
    "taser",
    "discharge",
    "discharges",
    "assault",
    "assaults",
    "grievance",
    "grievances",
    "warnings",
];

const STAFF_WORDS: &[&str] = &[
    "officer",
    "officers",
    "staff",
    "employee",
    "employees",
    "personnel",
    "headcount",
    "workforce",
    "constables",
    "sergeants",
    "inspectors",
    "superintendents",
    "pcsos",
    "specials",
    "fte",
    "strength",
    "establishment",
    "leavers",
    "joiners",
    "recruits",
    "starters",
    "people",
    "persons",
    "members",
    "volunteers",
    "detectives",
    "police",
];

const REF_WORDS: &[&str] = &[
    "crime",
    "incident",
    "case",
    "urn",
    "occurrence",
    "cad",
    "log",
    "job",
    "request",
    "foi",
    "file",
    "invoice",
    "order",
    "ticket",
    "complaint",
    "application",
    "custody",
    "exhibit",
    "property",
    "call",
    "event",
    "operation",
    "op",
    "batch",
    "record",
    "row",
    "line",
    "item",
    "transaction",
    "claim",
    "contract",
    "policy",
];

const ID_WORDS: &[&str] = &[
    "no",
    "number",
    "num",
    "nbr",
    "id",
    "ref",
    "reference",
    "code",
    "identifier",
];

/// People a public service deals with ("Pupil", "Patient", "Tenant").
const SERVICE_USER_WORDS: &[&str] = &[
    "claimant",
    "leaver",
    "starter",
    "pupil",
    "child",
    "student",
    "patient",
    "client",
    "resident",
    "tenant",
    "constituent",
    "occupant",
    "carer",
    "casualty",
    "deceased",
    "volunteer",
    "worker",
    "nurse",
    "attendee",
    "attendees",
    "carers",
    "clients",
    "tenants",
    "patients",
    "pupils",
    "volunteers",
    "residents",
    "claimants",
    "caseworker",
    "interpreter",
    "trader",
    "party",
    // Business rates: a company or a sole trader, a person by name.
    "ratepayer",
    "ratepayers",
];

/// Words that make "name" something other than a person's name.
const NOT_PERSON_NAME: &[&str] = &[
    // Animals, vessels and venues have names too ("Dog name", "Vessel name").
    "dog",
    "dogs",
    "horse",
    "horses",
    "animal",
    "animals",
    "pet",
    "breed",
    "vessel",
    "ship",
    "boat",
    "venue",
    "pub",
    "park",
    "school",
    "operation",
    "dataset",
    "file",
    "sheet",
    "asset",
    "trading",
    "property",
    "building",
    "shop",
    "charity",
    "supplier",
    "merchant",
    "payee",
    "brand",
    "programme",
    "grant",
    "fund",
    "station",
    "team",
    "unit",
    "offence",
    "crime",
    "department",
    "dept",
    "location",
    "street",
    "road",
    "place",
    "area",
    "ward",
    "district",
    "force",
    "organisation",
    "organization",
    "company",
    "business",
    "product",
    "course",
    "range",
    "table",
    "field",
    "column",
    "event",
    "operation",
    "op",
    "site",
    "school",
    "hospital",
    "premises",
    "venue",
    "vehicle",
    "report",
    "document",
    "project",
    "scheme",
    "supplier",
    "provider",
    "service",
    "system",
    "server",
    "host",
    "domain",
    "category",
    "type",
    "rank",
    "grade",
    "role",
    "division",
    "command",
    "region",
    "town",
    "city",
    "county",
    "country",
    "borough",
    "beat",
    "sector",
    "neighbourhood",
    "branch",
    "directorate",
    "body",
    "group",
    "policy",
    "outcome",
    "brand",
    "model",
    "drug",
    "weapon",
    "item",
    "application",
    "app",
    "software",
    "account",
    "user",
    "month",
    "months",
    "day",
    "days",
    "week",
    "quarter",
    "period",
    "practice",
    "surgery",
    "pharmacy",
    "prison",
    "court",
    "library",
    "park",
    "facility",
    "camera",
    "route",
    "vessel",
    "book",
    "publication",
    "estate",
    "hall",
    "club",
    "store",
    "pub",
    "authority",
    "council",
    "trust",
    "board",
    "committee",
    "partnership",
    "campaign",
    "contract",
    "tender",
    "folder",
    "tab",
    "variable",
    "measure",
    "indicator",
    "metric",
    "dataset",
    "layer",
    // Statistical areas ("LSOA name" in data.police.uk's crime files).
    "lsoa",
    "msoa",
    "oa",
    "lad",
    "la",
    "ccg",
    "icb",
    "parish",
    "constituency",
    "locality",
    "village",
    "settlement",
];

/// Whether a header names something other than a person by its name:
/// "Dog name", "Vessel name", "School name".
pub fn names_no_person(header: &str) -> bool {
    let k = word_key(header);
    let w: Vec<&str> = k.split(' ').collect();
    any(&w, &["name", "names"]) && any(&w, NOT_PERSON_NAME)
}

/// Classify a column header. Cheap enough to call once per column, not per cell.
pub fn classify_header(header: &str) -> HeaderInfo {
    // A database export's joined-up name ("DateOfBirth", "EmployeeID")
    // is read as its words too.
    let t = header.trim();
    if !t.contains(' ') {
        let words = crate::detect::normalize::split_camel_case(t);
        if words.contains(' ') {
            return HeaderInfo(classify_words(header).0 | classify_words(&words).0);
        }
    }
    classify_words(header)
}

fn classify_words(header: &str) -> HeaderInfo {
    let k = word_key(header);
    if k.is_empty() || k.len() > 80 {
        return HeaderInfo(0);
    }
    let w: Vec<&str> = k.split(' ').collect();
    let mut bits = 0u64;

    if any(&w, STAFF_WORDS) {
        bits |= H::STAFF;
    }
    let event = any(&w, EVENT_WORDS);
    if event {
        bits |= H::EVENT;
    }

    // Counts and totals first: "Number of officers" is not an officer column.
    let count = k.starts_with("number of")
        || k.starts_with("no of")
        || k.contains(" no of ")
        || k.contains(" number of ")
        || k.starts_with("num of")
        || k.starts_with("count")
        || k.starts_with("total")
        || k.starts_with("sum of")
        || k.starts_with("how many")
        || k.ends_with(" count")
        || k.ends_with(" total")
        || k.ends_with(" totals")
        || k.ends_with(" headcount")
        || k.ends_with(" numbers")
        || any(
            &w,
            &[
                "headcount",
                "fte",
                "strength",
                "establishment",
                "frequency",
                "freq",
                "count",
                "total",
                "sum",
                "tally",
            ],
        )
        || k == "n"
        || k == "no"
        || k == "number"
        || k == "volume"
        // A rate: "Cost per officer", "Arrests per officer" (a figure per
        // person, no person's own number).
        || w.iter().skip(1).any(|x| *x == "per");
    if any(
        &w,
        &[
            "hours",
            "hour",
            "hrs",
            "minutes",
            "mins",
            "duration",
            "miles",
            "km",
            "distance",
            "percent",
            "percentage",
            "proportion",
            "rate",
            "ratio",
            "average",
            "mean",
            "median",
            "score",
            "speed",
            "weight",
            "height",
            "pct",
            "days",
            "weeks",
            "months",
            "years",
        ],
    ) || k.contains('%')
    {
        bits |= H::MEASURE;
    }
    if count && !(k == "no" || k == "number") {
        bits |= H::COUNT;
        return HeaderInfo(bits);
    }

    // Identifiers of officers and staff.
    let id_word = any(&w, ID_WORDS);
    if k.contains("payroll")
        || phrase(
            &k,
            &["pay no", "pay number", "pay num", "pay ref", "pay id"],
        )
        || (any(
            &w,
            &[
                "staff",
                "service",
                "employee",
                "emp",
                "personnel",
                "force",
                "officer",
                "pension",
                "hr",
                "worker",
                "person",
                "people",
            ],
        ) && id_word
            // "Service user ID" is a person's reference, not a staff number.
            && !phrase(&k, &["service user", "service users"]))
        || any(
            &w,
            &[
                "empno",
                "staffno",
                "payno",
                "staffid",
                "employeeid",
                "empid",
                "persno",
            ],
        )
        // SAP's "Pers.No." (personnel number).
        || phrase(&k, &["pers no", "pers number"])
        // Welsh: "Rhif cyflogres" (payroll), "Rhif gwasanaeth" (service),
        // "Rhif staff", "Rhif gweithiwr" (employee).
        || any(&w, &["cyflogres"])
        || phrase(&k, &["rhif gwasanaeth", "rhif staff", "rhif gweithiwr"])
    {
        bits |= H::PAYROLL;
    }
    // A search or arrest warrant is a court's, not an officer's number.
    // So is a warrant's reference ("Warrant ref"): an officer's is a number.
    if any(&w, &["warrant", "warrantno", "gwarant"])
        && !any(&w, COURT_WARRANT_WORDS)
        && !any(&w, &["batch", "stock", "order", "supply"])
        && !any(&w, &["ref", "refs", "reference", "references"])
    {
        bits |= H::WARRANT;
    }
    if any(
        &w,
        &[
            "collar",
            "shoulder",
            "epaulette",
            "epaulet",
            "badge",
            "collarno",
            "shoulderno",
            // Welsh: "Rhif coler", "Rhif ysgwydd".
            "coler",
            "ysgwydd",
        ],
    ) {
        bits |= H::SHOULDER;
    }
    if id_word && any(&w, REF_WORDS) && bits & H::OFFICER_ID == 0 {
        bits |= H::OTHER_REF;
    }
    if any(&w, &["urn", "crn", "cad", "occurrence"]) && bits & H::OFFICER_ID == 0 {
        bits |= H::OTHER_REF;
    }
    if bits & (H::OFFICER_ID | H::OTHER_REF) == 0
        && (k == "id"
            || k == "no"
            || k == "number"
            || k == "ref"
            || k == "reference"
            || k == "identifier"
            || k == "code"
            || k == "key")
    {
        bits |= H::GENERIC_ID;
    }

    // Names.
    // Welsh: "Cyfenw" (surname), "Enw" (name), "Enw cyntaf" (first name).
    // Irish and Scottish Gaelic: "Sloinne"/"Sloinneadh" (surname), "Ainm"
    // (name), "Céadainm"/"Ciad ainm" (first name).
    let surname = any(
        &w,
        &[
            "surname",
            "surnames",
            "lastname",
            "cyfenw",
            "sloinne",
            "sloinneadh",
            // Polish, Lithuanian and Romanian agency and payroll exports.
            "nazwisko",
            "pavardė",
            "pavarde",
        ],
    ) || phrase(
        &k,
        &["last name", "family name", "second name", "last names"],
    );
    let forename = any(&w, &["forename", "forenames", "firstname", "christian"])
        || any(&w, &["imię", "imie", "vardas", "prenume"])
        || any(&w, &["céadainm", "ceadainm"])
        || phrase(&k, &["enw cyntaf", "ciad ainm", "céad ainm", "cead ainm"])
        || phrase(
            &k,
            &[
                "first name",
                "given name",
                "given names",
                "first names",
                "middle name",
                "preferred name",
                "known as",
            ],
        );
    if surname {
        bits |= H::SURNAME | H::NAME;
    }
    if forename {
        bits |= H::FORENAME | H::NAME;
    }
    if any(&w, &["initial", "initials"]) {
        bits |= H::INITIAL;
    }
    if any(
        &w,
        &["username", "login", "logon", "userid", "samaccountname"],
    ) || phrase(&k, &["user name", "user id", "account name", "log in"])
    {
        bits |= H::USERNAME;
    }
    // "Row Labels": the caption of pasted pivot-table output, over the
    // values of the pivot's row field (as often people as places).
    if (any(&w, &["name", "names", "fullname", "enw", "ainm"]) || k == "row labels")
        && !surname
        && !forename
        && !any(&w, NOT_PERSON_NAME)
    {
        bits |= H::NAME;
    }
    if any(&w, &["name", "names"])
        && any(
            &w,
            &[
                "officer",
                "employee",
                "staff",
                "person",
                "member",
                "user",
                "author",
                "owner",
                "manager",
                "supervisor",
            ],
        )
    {
        bits |= H::NAME | H::OFFICER;
    }
    // The person word must end the header ("Officer", "Investigating officer",
    // "Officer in case") or come before "name"/"id": "Victim informed" and
    // "Officers hours" are not person columns.
    let person_at = |x: &str| {
        w.last() == Some(&x)
            || w.iter()
                .position(|y| *y == x)
                .and_then(|i| w.get(i + 1))
                .is_some_and(|n| matches!(*n, "name" | "names" | "in" | "id" | "details"))
    };
    let officerish = [
        "officer",
        "employee",
        "oic",
        "supervisor",
        "manager",
        "author",
        "owner",
        "reviewer",
        "approver",
        "assignee",
        "handler",
        "investigator",
        "requester",
        "requestor",
        "applicant",
        "complainant",
        "detainee",
        "prisoner",
        "arrestee",
        "inmate",
        "defendant",
        "holder",
        "postholder",
        "appointee",
        "incumbent",
        "witness",
        "victim",
        "suspect",
        "offender",
        "driver",
        "person",
        "contact",
        "sender",
        "recipient",
        "respondent",
        "debtor",
        "occupier",
        "householder",
        "keeper",
        "kin",
        "appellant",
        "grievant",
        "trainee",
        "recruit",
        "probationer",
        "apprentice",
        "attending",
        "io",
        // "Staff" over a rota's names (over a number it is a count, and a
        // count is no name).
        "staff",
        "colleague",
        "worker",
        "individual",
        "attendee",
        "delegate",
        "participant",
        "nominee",
    ]
    .iter()
    .any(|x| person_at(x))
        || phrase(
            &k,
            &[
                "data subject",
                "data subjects",
                "case subject",
                "person searched",
                "assigned to",
                "allocated to",
            ],
        )
        // A post held by one officer on the day: "Custody Sgt", "Duty Inspector".
        || (w.len() >= 2
            && w.last()
                .is_some_and(|l| matches!(*l, "sgt" | "sergeant" | "insp" | "inspector")))
        || (w.len() >= 2 && w.last() == Some(&"by"));
    // People a service deals with: their columns often hold a category
    // ("Secure Tenant", "Young Carer") rather than a name, so a value there
    // is a name only when it looks like one (see `person_name`).
    let service_user = SERVICE_USER_WORDS.iter().any(|x| person_at(x))
        || phrase(&k, &["service user", "service users"]);
    // A number a service gives a person ("Patient ID", "Prison number").
    if (id_word
        && (any(&w, SERVICE_USER_WORDS)
            || phrase(&k, &["service user"])
            || any(
                &w,
                &[
                    "prisoner", "prison", "detainee", "offender", "learner", "tenancy", "passport",
                    "hospital",
                ],
            )))
        || any(&w, &["uln", "ulns", "nomis", "hcn", "mrn", "gmc", "gdc", "casenote"])
        // A hospital's own patient number: "Hosp Num", "Case Note No".
        || (id_word && any(&w, &["hosp"]))
        || phrase(&k, &["case note no", "case note number", "case notes no"])
        || k == "passport"
        || phrase(
            &k,
            &[
                "unique learner",
                "health and care number",
                "health care number",
                "h c no",
                "h c number",
                "driving licence",
                "driving license",
                "driver number",
            ],
        )
    {
        bits |= H::PERSON_REF;
    }
    if officerish
        && bits & (H::OFFICER_ID | H::OTHER_REF | H::NAME) == 0
        && !any(
            &w,
            &[
                "rank",
                "grade",
                "role",
                "type",
                "count",
                "numbers",
                "status",
                "category",
                "team",
                "unit",
                "station",
                "department",
                "dept",
                "date",
                "time",
                "age",
                "gender",
                "sex",
                "ethnicity",
                "title",
                "email",
                "phone",
                "address",
                "postcode",
                "vetting",
                "location",
                "area",
                "district",
            ],
        )
    {
        bits |= H::OFFICER | H::NAME;
    } else if service_user
        && bits & (H::OFFICER_ID | H::OTHER_REF | H::NAME | H::PERSON_REF) == 0
        && !any(
            &w,
            &[
                "type", "category", "group", "status", "count", "numbers", "age",
            ],
        )
    {
        bits |= H::SERVICE_USER | H::NAME;
    }
    if phrase(
        &k,
        &[
            "officer in case",
            "officer in charge",
            "staff member",
            "member of staff",
        ],
    ) {
        bits |= H::OFFICER | H::NAME;
    }

    // Personal data formats.
    if any(&w, &["vetting", "clearance", "nppv", "vetted"]) {
        bits |= H::VETTING;
    }
    // Welsh: "E-bost".
    if any(&w, &["email", "emails", "mail", "emailaddress", "ebost"])
        || phrase(&k, &["e mail", "e bost"])
    {
        bits |= H::EMAIL;
    }
    if any(
        &w,
        &[
            "phone",
            "telephone",
            "tel",
            "mobile",
            "mob",
            "fax",
            "landline",
            "cell",
            "phoneno",
            "telno",
            // Welsh: "Rhif ffôn".
            "ffon",
        ],
    ) || phrase(&k, &["contact number", "contact no"])
    {
        bits |= H::PHONE;
    }
    if any(&w, &["nino", "nin"])
        || phrase(&k, &["national insurance", "ni number", "ni no", "ni num"])
        // Welsh: "Rhif YG", "Rhif Yswiriant Gwladol".
        || phrase(&k, &["rhif yg", "yswiriant gwladol"])
    {
        bits |= H::NI;
    }
    // "CHI" (Scotland's Community Health Index), "GIG" (the NHS in Welsh).
    if any(&w, &["nhs", "chi", "gig"]) {
        bits |= H::NHS;
    }
    if any(&w, &["upn", "upns"])
        || phrase(
            &k,
            &[
                "unique pupil",
                "pupil number",
                "pupil no",
                "pupil ref",
                "pupil id",
            ],
        )
    {
        bits |= H::UPN;
    }
    // A DBS certificate column, not the fees or invoices for checks.
    let money_or_ref = any(
        &w,
        &[
            "fee",
            "fees",
            "payment",
            "payments",
            "invoice",
            "reference",
            "ref",
            "cost",
            "charge",
            "checks",
            "count",
        ],
    );
    if (any(&w, &["dbs", "crb"]) || phrase(&k, &["disclosure certificate", "disclosure number"]))
        && !money_or_ref
    {
        bits |= H::DBS;
    }
    // "NMC PIN", "NMC number", or a column headed just "PIN".
    if any(&w, &["nmc"]) || matches!(k.as_str(), "pin" | "pins" | "pin number" | "pin no") {
        bits |= H::NMC;
    }
    if any(&w, &["postcode", "postcodes", "zip"]) || phrase(&k, &["post code"]) {
        bits |= H::POSTCODE;
    }
    // Welsh: "Cyfeiriad" (address), "Cyfeiriad cartref" (home address).
    if any(
        &w,
        &["address", "addresses", "addr", "residence", "cyfeiriad"],
    ) && bits & H::EMAIL == 0
        && !any(&w, &["ip", "ipv4", "ipv6", "web", "mac", "url"])
    {
        bits |= H::ADDRESS;
    }
    if any(&w, &["dob", "birthdate", "birthday", "born"])
        || phrase(
            &k,
            &["date of birth", "birth date", "d o b", "dyddiad geni"],
        )
    {
        bits |= H::DOB;
    }
    if phrase(&k, &["sort code", "sortcode", "sort"]) && !k.contains("sort order") {
        bits |= H::SORT_CODE;
    }
    if phrase(
        &k,
        &[
            "account number",
            "account no",
            "bank account",
            "acc no",
            "account num",
            "a c no",
        ],
    ) {
        bits |= H::ACCOUNT;
    }
    if any(&w, &["iban", "bic", "swift"]) {
        bits |= H::IBAN;
    }
    if (any(&w, &["vrm", "vrn", "numberplate", "registration", "reg"])
        || phrase(
            &k,
            &["number plate", "vehicle reg", "index number", "index no"],
        ))
        && !any(&w, &["date", "year"])
    {
        bits |= H::VRM;
    }
    if any(&w, &["ip", "ipv4", "ipv6", "ipaddress"]) {
        bits |= H::IP;
    }

    // Attributes of a person.
    if any(&w, &["rank", "ranks", "rheng"]) {
        bits |= H::RANK;
    }
    if any(
        &w,
        &["grade", "grades", "band", "paypoint", "scale", "spine"],
    ) || phrase(&k, &["pay point", "pay band", "pay scale"])
    {
        bits |= H::GRADE;
    }
    if (any(
        &w,
        &[
            "role",
            "roles",
            "position",
            "post",
            "designation",
            "occupation",
            "job",
            // Welsh: "Swydd" (post), "Teitl swydd".
            "swydd",
        ],
    ) || phrase(&k, &["job title"])
        || k == "title")
        && bits & H::OTHER_REF == 0
    {
        bits |= H::ROLE;
    }
    if any(
        &w,
        &[
            "department",
            "dept",
            "directorate",
            "unit",
            "team",
            "division",
            "command",
            "branch",
            "section",
            "squad",
            "portfolio",
            "ocu",
            "bcu",
            // Welsh: "Adran" (department), "Tîm".
            "adran",
            "tim",
        ],
    ) {
        bits |= H::DEPT;
    }
    if any(
        &w,
        &[
            "station",
            // Welsh: "Gorsaf".
            "gorsaf",
            "location",
            "base",
            "site",
            "district",
            "borough",
            "area",
            "ward",
            "wards",
            "parish",
            "constituency",
            "locality",
            "neighbourhood",
            "lsoa",
            "msoa",
            "town",
            "county",
            "office",
            "region",
            "sector",
            "beat",
            "posting",
            "deployment",
        ],
    ) {
        bits |= H::STATION;
    }
    if any(&w, &["gender", "sex"]) {
        bits |= H::GENDER;
    }
    if any(&w, &["ethnicity", "ethnic", "race", "nationality"]) {
        bits |= H::ETHNICITY;
    }
    if any(&w, &["contract", "tenure", "fte", "hours"])
        || phrase(
            &k,
            &[
                "full time",
                "part time",
                "employment type",
                "working pattern",
            ],
        )
    {
        bits |= H::CONTRACT;
    }
    if any(
        &w,
        &[
            "age",
            "salary",
            "pay",
            "religion",
            "belief",
            "disability",
            "sexuality",
            "orientation",
            "marital",
            "joined",
            "service",
            "appointed",
            "appointment",
            "leaving",
            "absence",
            "sickness",
            "qualification",
            "qualifications",
            "skills",
            "medical",
            "health",
            "disciplinary",
            "misconduct",
            "allowance",
            "overtime",
            "photo",
            "signature",
        ],
    ) && bits & (H::OFFICER_ID) == 0
    {
        bits |= H::ATTRIBUTE;
    }
    if any(
        &w,
        &[
            "date", "time", "year", "month", "day", "week", "dated", "period", "quarter", "yr",
        ],
    ) && bits & H::DOB == 0
    {
        bits |= H::DATE;
    }
    if k.contains('£')
        || any(
            &w,
            &[
                "amount",
                "cost",
                "costs",
                "value",
                "price",
                "spend",
                "budget",
                "gbp",
                "paid",
                "payment",
                "fee",
                "fees",
                "expenditure",
                "income",
            ],
        )
    {
        bits |= H::AMOUNT;
        // "Payroll cost (£)", "Payroll spend": money, not staff numbers.
        bits &= !H::OFFICER_ID;
    }
    // A more precise class has the column ("Pupil ref" is a UPN column).
    if bits & (H::SERVICE_ID | H::NHS | H::NI | H::OFFICER_ID | H::COUNT | H::AMOUNT | H::DATE) != 0
    {
        bits &= !H::PERSON_REF;
    }
    // "Client ref", "Tenant reference": a person's, not a case's reference.
    if bits & H::PERSON_REF != 0 {
        bits &= !H::OTHER_REF;
    }
    HeaderInfo(bits)
}

/// Words that make a warrant a court's (search, arrest...), not the
/// number on an officer's warrant card.
pub(crate) const COURT_WARRANT_WORDS: &[&str] = &[
    "search",
    "searches",
    "arrest",
    "court",
    "bench",
    "entry",
    "executed",
    "issued",
    "magistrates",
    "possession",
    "commitment",
    "distress",
];

/// Whether a document field (property, author, custom property name) by
/// definition holds a person: creator, lastModifiedBy, author, manager,
/// refreshedBy, userName, "Checked by", "Owner"...
pub fn is_person_field(field: &str) -> bool {
    let k = word_key(field);
    // Split camelCase too: "lastModifiedBy" -> "last modified by".
    let mut split = String::with_capacity(field.len() + 8);
    let mut prev_lower = false;
    for c in field.chars() {
        if c.is_uppercase() && prev_lower {
            split.push(' ');
        }
        prev_lower = c.is_lowercase();
        split.push(c);
    }
    let k2 = word_key(&split);
    for key in [k.as_str(), k2.as_str()] {
        let w: Vec<&str> = key.split(' ').filter(|s| !s.is_empty()).collect();
        let last = w.last().copied().unwrap_or("");
        // Drop XML prefixes such as "dc creator" / "cp last modified by".
        if any(
            &w,
            &[
                "creator",
                "author",
                "authors",
                "manager",
                "owner",
                "username",
                "user",
                "lastauthor",
                "lastmodifiedby",
                "refreshedby",
                "modifiedby",
                "createdby",
                "checker",
                "reviewer",
                "approver",
                "editor",
                "typist",
                "preparer",
                "contact",
                "officer",
                "requester",
                "requestor",
                "signatory",
                "custodian",
                "assignee",
                "sender",
                "recipient",
                "initials",
            ],
        ) || (last == "by" && w.len() >= 2)
        {
            return true;
        }
    }
    false
}

/// The whole (trimmed) text under a `header` column as one header hit of
/// `kind`, when `shape` accepts it: "825729" under "Pay No". Returns whether
/// it did; the caller then looks no further.
pub(crate) fn whole_value_under_header(
    s: &Scan<'_>,
    header: u64,
    kind: &'static str,
    shape: impl Fn(&str) -> bool,
    out: &mut Vec<Hit>,
) -> bool {
    let t = s.text.trim();
    if !s.header.has(header) || !shape(t) {
        return false;
    }
    let start = s.text.len() - s.text.trim_start().len();
    out.push(Hit::new(
        kind,
        start,
        start + t.len(),
        &[Evidence::Header],
        true,
    ));
    true
}

/// An identifier known only by its context: the whole value under a
/// `header` column when `shape` accepts it, else group 1 of each match of
/// `rx`, a pattern that takes the value right after its keyword
/// ("DBS 008901234480", "NMC PIN: 12A3456E").
pub(crate) fn by_header_or_keyword(
    s: &Scan<'_>,
    header: u64,
    kind: &'static str,
    shape: impl Fn(&str) -> bool,
    rx: &Regex,
    out: &mut Vec<Hit>,
) {
    if !whole_value_under_header(s, header, kind, shape, out) {
        values_after_keyword(rx, s, kind, |_| true, out);
    }
}

/// Group 1 of every match of `rx`, a keyword pattern that captures the value
/// right after its keyword ("payroll no. 825729"), as a keyword hit of
/// `kind`, when `keep` accepts it.
pub(crate) fn values_after_keyword(
    rx: &Regex,
    s: &Scan<'_>,
    kind: &'static str,
    keep: impl Fn(&str) -> bool,
    out: &mut Vec<Hit>,
) {
    for c in rx.captures_iter(s.text) {
        if let Some(m) = c.get(1)
            && keep(m.as_str())
        {
            out.push(Hit::new(
                kind,
                m.start(),
                m.end(),
                &[Evidence::Keyword],
                true,
            ));
        }
    }
}

/// The evidence of a hit its pattern found: the pattern, then the column
/// header and a nearby keyword when they back it.
pub(crate) fn pattern_evidence(header: bool, keyword: bool) -> Vec<Evidence> {
    let mut ev = vec![Evidence::Pattern];
    if header {
        ev.push(Evidence::Header);
    }
    if keyword {
        ev.push(Evidence::Keyword);
    }
    ev
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(h: &str) -> HeaderInfo {
        classify_header(h)
    }

    #[test]
    fn identifiers() {
        for h in [
            "Pay No",
            "Payroll number",
            "Service No.",
            "Staff number",
            "Employee ID",
            "staff_id",
        ] {
            assert!(c(h).has(H::PAYROLL), "{h}");
        }
        assert!(c("Warrant No").has(H::WARRANT));
        for h in ["Collar No", "Shoulder number", "Epaulette"] {
            assert!(c(h).has(H::SHOULDER), "{h}");
        }
        for h in [
            "Crime reference",
            "Crime No",
            "Incident number",
            "URN",
            "Case ref",
            "CAD number",
        ] {
            let i = c(h);
            assert!(i.has(H::OTHER_REF), "{h}");
            assert!(!i.has(H::OFFICER_ID), "{h}");
        }
        assert!(c("ID").has(H::GENERIC_ID));
        // Numbers a service gives a person.
        for h in [
            "Prison number",
            "ULN",
            "Patient ID",
            "Tenancy ref",
            "H&C No",
            "Driving licence no",
            "Passport number",
            "Client ref",
            "Client number",
            "Tenant reference",
            "Patient number",
            "Hospital number",
            "MRN",
            "Service user ID",
        ] {
            assert!(c(h).has(H::PERSON_REF), "{h}");
            assert!(!c(h).has(H::NAME), "{h}");
        }
        for h in [
            "Pupil ref",
            "Patient NHS number",
            "Crime ref",
            "Patient count",
        ] {
            assert!(!c(h).has(H::PERSON_REF), "{h}");
        }
    }

    #[test]
    fn joined_up_and_welsh_and_health_headers() {
        assert!(c("DateOfBirth").has(H::DOB));
        assert!(c("dateOfBirth").has(H::DOB));
        assert!(c("EmployeeID").has(H::PAYROLL));
        assert!(c("NHSNumber").has(H::NHS));
        assert!(c("Pers.No.").has(H::PAYROLL));
        assert!(c("Dyddiad geni").has(H::DOB));
        assert!(c("Rhif GIG").has(H::NHS));
        for h in ["Hosp Num", "Case Note No", "GMC Ref", "GMC No", "MRN"] {
            assert!(c(h).has(H::PERSON_REF), "{h}");
        }
        // Joined-up names that are not people's.
        assert!(!c("TotalCount").has(H::PERSON | H::OFFICER_ID | H::DOB));
        assert!(!c("WardName").has(H::PERSON));
    }

    #[test]
    fn names() {
        for h in [
            "Respondent",
            "Debtor",
            "Occupier",
            "Next of kin",
            "Cyfenw",
            "Enw",
            "Ainm",
            "Sloinne",
            "Céadainm",
            "Surname",
            "Last name",
            "Forename",
            "First Name",
            "Name",
            "Officer name",
            "Full name",
            "Appellant",
            "Trainee",
            "Assigned to",
            "Attending",
            "Custody Sgt",
            "Duty Inspector",
            "IO",
            "Data subjects",
            "Nazwisko",
            "Imię",
        ] {
            assert!(c(h).has(H::NAME), "{h}");
        }
        for h in ["Sergeants", "Inspector count", "Attending officers count"] {
            assert!(!c(h).has(H::NAME), "{h}");
        }
        assert!(c("Officer").has(H::OFFICER));
        assert!(c("Officer in case").has(H::OFFICER));
        assert!(c("Checked by").has(H::NAME));
        for h in [
            "Station name",
            "Team name",
            "File name",
            "Rank",
            "Officer rank",
            "Offence",
        ] {
            assert!(!c(h).has(H::NAME), "{h}");
        }
        assert!(c("Initial").has(H::INITIAL));
    }

    #[test]
    fn counts_are_not_people() {
        for h in [
            "Number of officers",
            "Headcount",
            "Total",
            "Count",
            "Officer count",
            "No. of staff",
            "FTE",
        ] {
            let i = c(h);
            assert!(i.has(H::COUNT), "{h}");
            assert!(!i.has(H::PERSON | H::OFFICER_ID), "{h}");
        }
        assert!(c("Number of arrests").has(H::EVENT));
        assert!(c("Number of officers").has(H::STAFF));
        assert!(c("Crimes").has(H::EVENT));
    }

    #[test]
    fn formats_and_attributes() {
        assert!(c("DOB").has(H::DOB));
        assert!(c("Date of birth").has(H::DOB));
        assert!(!c("Date of birth").has(H::DATE));
        assert!(c("Date").has(H::DATE));
        assert!(c("Email address").has(H::EMAIL));
        assert!(c("Mobile").has(H::PHONE));
        assert!(c("NI number").has(H::NI));
        assert!(c("NHS No").has(H::NHS));
        assert!(c("Post code").has(H::POSTCODE));
        assert!(c("Sort code").has(H::SORT_CODE));
        assert!(c("Account number").has(H::ACCOUNT));
        assert!(c("VRM").has(H::VRM));
        assert!(c("IP address").has(H::IP));
        assert!(c("Vetting level").has(H::VETTING));
        assert!(c("Rank").has(H::RANK));
        assert!(c("Grade").has(H::GRADE));
        assert!(c("Gender").has(H::GENDER));
        assert!(c("Department").has(H::DEPT));
        assert!(c("Cost (£)").has(H::AMOUNT));
        assert!(!c("Payroll cost (£)").has(H::OFFICER_ID));
        assert!(!c("Payroll costs").has(H::OFFICER_ID));
        assert!(!c("Pay no. of months").has(H::OFFICER_ID));
        assert!(c("Payroll no").has(H::PAYROLL));
        assert!(!c("Search warrant ref").has(H::WARRANT));
        assert!(!c("Warrants executed").has(H::WARRANT));
        assert!(c("Warrant no").has(H::WARRANT));
    }

    #[test]
    fn person_fields() {
        for f in [
            "creator",
            "dc:creator",
            "lastModifiedBy",
            "cp:lastModifiedBy",
            "author",
            "refreshedBy",
            "Manager",
            "userName",
            "Checked by",
            "Owner",
            "LastAuthor",
        ] {
            assert!(is_person_field(f), "{f}");
        }
        for f in [
            "title",
            "Company",
            "subject",
            "keywords",
            "Application",
            "category",
        ] {
            assert!(!is_person_field(f), "{f}");
        }
    }
}
