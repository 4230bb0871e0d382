//! Reading JSON input (an observation, a recovery request) into the engine's types with every
//! problem reported at once, each with its JSON path, in words a developer can act on.
//!
//! serde stops at the first problem and says it in its own terms ("unknown variant `person`,
//! expected one of … at line 1 column 28", a line and column in JSON that a portal's
//! `JSON.stringify` wrote, not the developer). Here the text is read as a JSON value first; then the
//! typed read is repeated, each time setting aside the part it stopped at (removing a wrong value so
//! its default applies, or filling a missing required one with a valid example), until it succeeds
//! or nothing more can be set aside. What serde said is reworded from its stable message shapes.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{did_you_mean, InputError};

/// At most this many problems are listed (a JSON file of the wrong kind has one per key).
const MAX_PROBLEMS: usize = 20;

/// A valid value for some paths (indexes written `[]`), shown after the problem and used to go on
/// reading past a missing required key.
pub(crate) type Examples = &'static [(&'static str, &'static str)];

/// Reads `text` as a `T`, or lists every problem found (paths from the document's root).
pub(crate) fn parse_json<T: DeserializeOwned>(text: &str, examples: Examples) -> Result<T, Vec<InputError>> {
    let mut value: Value = serde_json::from_str(text)
        .map_err(|e| vec![InputError::new("", format!("not valid JSON at line {}, column {}: {}", e.line(), e.column(), syntax(&e)))])?;
    if !value.is_object() {
        let kind = match &value {
            Value::Array(_) => "a list",
            Value::String(_) => "text",
            Value::Number(_) => "a number",
            Value::Bool(_) => "true or false",
            _ => "null",
        };
        return Err(vec![InputError::new("", format!("expected a JSON object ({{…}}), found {kind}"))]);
    }
    let mut problems: Vec<InputError> = Vec::new();
    // Paths removed because their value was wrong: when a required one then goes missing, that is
    // the same problem, already said.
    let mut removed: Vec<Vec<Seg>> = Vec::new();
    loop {
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(parsed) if problems.is_empty() => return Ok(parsed),
            Ok(_) => return Err(problems),
            Err(e) => e,
        };
        let path = segments(&err.path().to_string());
        let said = err.inner().to_string();
        let problem = reword(&path, &said, examples);
        let missing = between(&said, "missing field `", "`");
        let again = missing
            .is_some_and(|key| removed.iter().any(|r| r.split_last().is_some_and(|(last, parent)| parent == path && *last == Seg::Key(key.to_string()))));
        // A problem met twice could not be set aside: stop rather than loop.
        if problems.contains(&problem) || problems.len() >= MAX_PROBLEMS {
            return Err(problems);
        }
        let set_aside = match missing {
            Some(key) => fill(&mut value, &path, key, examples),
            None => remove::<T>(&mut value, &path),
        };
        if !again {
            problems.push(problem);
        }
        if !set_aside {
            return Err(problems);
        }
        removed.push(path);
    }
}

/// One step of a path: an object's key or a list's index.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// `fields[2].type` → [fields, 2, type] (serde_path_to_error's notation; `.` alone is the root).
fn segments(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() && key != "?" {
            out.push(Seg::Key(key.to_string()));
        }
        for index in rest.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                out.push(Seg::Index(i));
            }
        }
    }
    out
}

fn show(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if s.is_empty() => s.push_str(k),
            Seg::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// The path as the examples table writes it: indexes as `[]`.
fn pattern(path: &[Seg]) -> String {
    show(&path.iter().map(|s| if let Seg::Index(_) = s { Seg::Index(0) } else { s.clone() }).collect::<Vec<_>>()).replace("[0]", "[]")
}

fn example(path: &[Seg], examples: Examples) -> Option<&'static str> {
    let p = pattern(path);
    examples.iter().find(|(at, _)| *at == p).map(|(_, e)| *e)
}

fn node<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.as_object_mut()?.get_mut(k),
        Seg::Index(i) => v.as_array_mut()?.get_mut(*i),
    })
}

/// Sets aside the value at `path`: a key is removed from its object (its default applies); a list
/// item is replaced by the first blank value that reads past it (`{}`, `""`, `0`, `false`), which
/// keeps the other items' indexes right, or else removed. False when there is nothing to set aside.
fn remove<T: DeserializeOwned>(value: &mut Value, path: &[Seg]) -> bool {
    let Some((last, parent)) = path.split_last() else { return false };
    match (node(value, parent), last) {
        (Some(Value::Object(map)), Seg::Key(k)) => return map.remove(k).is_some(),
        (Some(Value::Array(items)), Seg::Index(i)) if *i < items.len() => {}
        _ => return false,
    }
    for blank in [Value::Object(Default::default()), Value::String(String::new()), Value::from(0), Value::Bool(false)] {
        if let Some(item) = node(value, path) {
            *item = blank;
        }
        let past = match serde_path_to_error::deserialize::<_, T>(&*value) {
            Ok(_) => true,
            Err(e) => !segments(&e.path().to_string()).starts_with(path),
        };
        if past {
            return true;
        }
    }
    if let (Some(Value::Array(items)), Seg::Index(i)) = (node(value, parent), last) {
        items.remove(*i);
    }
    true
}

/// Fills the missing required `key` of the object at `path` with its example, to read on.
fn fill(value: &mut Value, path: &[Seg], key: &str, examples: Examples) -> bool {
    let mut at = path.to_vec();
    at.push(Seg::Key(key.to_string()));
    let Some(parsed) = example(&at, examples).and_then(|e| serde_json::from_str::<Value>(e).ok()) else { return false };
    match node(value, path) {
        Some(Value::Object(map)) => map.insert(key.to_string(), parsed).is_none(),
        _ => false,
    }
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &s[s.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// `a`, `b`, `c` → [a, b, c] (serde's list of what was expected).
fn ticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// serde's description of a type, said plainly.
fn expected(what: &str) -> String {
    let what = what.trim();
    match what {
        "a string" => "text (a JSON string)".into(),
        "a boolean" => "true or false".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a sequence" => "a list ([…])".into(),
        "a map" => "an object ({…})".into(),
        _ if what.starts_with("struct ") || what.starts_with("a map") => "an object ({…})".into(),
        _ if what.starts_with("enum ") || what.starts_with("unit variant") => "one of the names listed in the docs (a JSON string)".into(),
        _ if what.starts_with("option") || what.starts_with("an option") => "a value or null".into(),
        _ => what.to_string(),
    }
}

/// serde's description of the value found: "integer `1`" → "the number 1".
fn found(what: &str) -> String {
    let what = what.trim();
    let shown = between(what, "`", "`");
    match what.split([' ', '`']).next().unwrap_or_default() {
        "integer" | "floating" => format!("the number {}", shown.unwrap_or("given")),
        "string" => format!("the text \"{}\"", between(what, "\"", "\"").or(shown).unwrap_or_default()),
        "boolean" => shown.unwrap_or("a boolean").to_string(),
        "null" => "null".into(),
        "map" => "an object".into(),
        "sequence" => "a list".into(),
        _ => what.to_string(),
    }
}

fn reword(path: &[Seg], said: &str, examples: Examples) -> InputError {
    let e_g = |at: &[Seg]| example(at, examples).map(|e| format!("; for example {e}")).unwrap_or_default();
    let (place, message) = if let Some(rest) = said.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let known = rest.split_once(", expected").map(|(_, k)| ticked(k)).unwrap_or_default();
        let hint = did_you_mean(key, known.iter().copied()).map(|k| format!("did you mean '{k}'? ")).unwrap_or_default();
        let keys = if known.is_empty() { "this object takes no keys".to_string() } else { format!("expected one of {}", known.join(", ")) };
        // serde reports an unknown key at its parent; the key is part of the path shown.
        let mut at = path.to_vec();
        if at.last() != Some(&Seg::Key(key.to_string())) {
            at.push(Seg::Key(key.to_string()));
        }
        (at, format!("unknown key '{key}'; {hint}{keys}"))
    } else if let Some(rest) = said.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or_default();
        let known = rest.split_once(", expected").map(|(_, k)| ticked(k)).unwrap_or_default();
        let hint = did_you_mean(value, known.iter().copied()).map(|k| format!("did you mean '{k}'? ")).unwrap_or_default();
        (path.to_vec(), format!("unknown value '{value}'; {hint}expected one of {}", known.join(", ")))
    } else if let Some(key) = between(said, "missing field `", "`") {
        let mut at = path.to_vec();
        at.push(Seg::Key(key.to_string()));
        let msg = format!("required key '{key}' is missing{}", e_g(&at));
        (at, msg)
    } else if let Some(rest) = said.strip_prefix("invalid type: ").or_else(|| said.strip_prefix("invalid value: ")) {
        let (what, wanted) = rest.split_once(", expected ").unwrap_or((rest, ""));
        (path.to_vec(), format!("expected {}, found {}{}", expected(wanted), found(what), e_g(path)))
    } else if let Some(rest) = said.strip_prefix("invalid length ") {
        (path.to_vec(), format!("wrong number of items ({rest}){}", e_g(path)))
    } else {
        (path.to_vec(), format!("{said}{}", e_g(path)))
    };
    InputError::new(show(&place), message)
}

/// serde_json's syntax message without its own position (given once, in front).
fn syntax(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(at) => s[..at].to_string(),
        None => s,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_back() {
        let p = segments("fields[2].type");
        assert_eq!(p, vec![Seg::Key("fields".into()), Seg::Index(2), Seg::Key("type".into())]);
        assert_eq!(show(&p), "fields[2].type");
        assert_eq!(pattern(&p), "fields[].type");
        assert!(segments(".").is_empty());
    }
}
