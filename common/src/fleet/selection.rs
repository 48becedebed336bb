//! Which bots a command's `BOT…` arguments name. A name is `NAMESPACE/NAME` or a bare `NAME`;
//! a bare name that fits bots in several namespaces names none of them (the user says which),
//! and a name that fits nothing gets the closest names there are.

use crate::cluster::Scope;
use crate::error::{Error, Result};
use crate::fleet::bot::{Bot, BotType, Role};

/// At most this many suggestions for an unknown bot.
const MAX_SUGGESTIONS: usize = 10;

/// Bots by name (`NAME` or `NAMESPACE/NAME`) and type; all of them when no name is given.
/// Errors: [`Error::Usage`] for a bare name that fits bots in several namespaces (each named),
/// for a named bot that is not of `types` (a name is never dropped in silence), and for a
/// name that is not one; [`Error::UnknownBot`] for one that fits none (the closest suggested).
/// `scope` is where `bots` were looked for, to say so.
pub fn select<'a>(
    bots: &[&'a Bot],
    names: &[String],
    types: &[BotType],
    scope: &Scope,
) -> Result<Vec<&'a Bot>> {
    let typed = |b: &&Bot| types.is_empty() || matches!(b.role, Role::Bot(t) if types.contains(&t));
    if names.is_empty() {
        return Ok(bots.iter().copied().filter(typed).collect());
    }
    let mut chosen: Vec<&Bot> = Vec::new();
    for wanted in names {
        let one = select_one(bots, wanted, scope)?;
        if !typed(&one) {
            let asked: Vec<&str> = types.iter().map(|t| t.chart()).collect();
            return Err(Error::Usage(format!(
                "{} is not of the type -t asks for ({}); leave out -t or the name",
                one.key(),
                asked.join(",")
            )));
        }
        if !chosen.iter().any(|c| std::ptr::eq(*c, one)) {
            chosen.push(one);
        }
    }
    Ok(chosen)
}

/// Exactly the bot `name` names; errors as [`select`].
pub fn select_one<'a>(bots: &[&'a Bot], name: &str, scope: &Scope) -> Result<&'a Bot> {
    check_name(name, scope)?;
    let matches: Vec<&Bot> = bots
        .iter()
        .copied()
        .filter(|b| names(name, &b.namespace, &b.name))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(unknown(bots, name, scope)),
        several => {
            let places: Vec<String> = several.iter().map(|b| b.key()).collect();
            Err(Error::Usage(format!(
                "\"{name}\" names bots in {} namespaces: {}; say which as NAMESPACE/NAME, or narrow with -n",
                several.len(),
                places.join(", ")
            )))
        }
    }
}

/// Whether `wanted` (`NAME` or `NAMESPACE/NAME`) names the release `namespace`/`name`.
pub fn names(wanted: &str, namespace: &str, name: &str) -> bool {
    match wanted.split_once('/') {
        Some((ns, n)) => namespace == ns && name == n,
        None => name == wanted,
    }
}

/// The `BOT` arguments' parser: `NAME` or `NAMESPACE/NAME`, checked before anything connects.
/// Errors: the sentence clap prints after "invalid value" (exit 2).
pub fn bot_name(name: &str) -> std::result::Result<String, String> {
    let parts: Vec<&str> = name.split('/').collect();
    match parts.len() > 2 || parts.iter().any(|p| p.is_empty()) {
        true => Err("not a bot name: give NAME or NAMESPACE/NAME".to_string()),
        false => Ok(name.to_string()),
    }
}

/// A name is `NAME` or `NAMESPACE/NAME`, and a namespace it gives is the one `-n` gives, if any.
fn check_name(name: &str, scope: &Scope) -> Result<()> {
    if let Err(why) = bot_name(name) {
        return Err(Error::Usage(format!("\"{name}\" is {why}")));
    }
    let parts: Vec<&str> = name.split('/').collect();
    if let ([ns, _], Scope::Namespace(given)) = (parts.as_slice(), scope)
        && ns != given
    {
        return Err(Error::Usage(format!(
            "\"{name}\" names namespace \"{ns}\", but the command looks in namespace \"{given}\": give one of them"
        )));
    }
    Ok(())
}

/// The error for a name that fits no bot: the closest `NAMESPACE/NAME`s first.
fn unknown(bots: &[&Bot], name: &str, scope: &Scope) -> Error {
    let wanted = name.rsplit('/').next().unwrap_or(name);
    let mut ranked: Vec<(usize, String)> = bots
        .iter()
        .map(|b| (strsim::damerau_levenshtein(wanted, &b.name), b.key()))
        .collect();
    ranked.sort();
    ranked.dedup_by(|a, b| a.1 == b.1);
    let more = ranked.len().saturating_sub(MAX_SUGGESTIONS);
    Error::UnknownBot {
        name: name.to_string(),
        scope: scope.describe(),
        closest: ranked
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .map(|(_, key)| key)
            .collect(),
        more,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::bot::BotType;

    const ALL: Scope = Scope::AllNamespaces { fallback: vec![] };

    fn bot(namespace: &str, name: &str) -> Bot {
        let t = if name == "iron" {
            BotType::Ironclaw
        } else {
            BotType::Picoclaw
        };
        let mut b = Bot::for_test(Role::Bot(t));
        b.namespace = namespace.into();
        b.name = name.into();
        b
    }

    #[test]
    fn a_bare_name_in_two_namespaces_names_neither() {
        let (a, b, c) = (
            bot("claw-machine", "pico"),
            bot("team", "pico"),
            bot("team", "iron"),
        );
        let all = [&a, &b, &c];
        let e = select(&all, &["pico".into()], &[], &ALL).unwrap_err();
        assert!(matches!(e, Error::Usage(_)), "{e}");
        assert_eq!(
            e.to_string(),
            "\"pico\" names bots in 2 namespaces: claw-machine/pico, team/pico; say which as NAMESPACE/NAME, or narrow with -n"
        );
        let chosen = select(&all, &["team/pico".into(), "iron".into()], &[], &ALL).unwrap();
        assert!(std::ptr::eq(chosen[0], &b) && std::ptr::eq(chosen[1], &c));
        assert_eq!(select(&all, &[], &[], &ALL).unwrap().len(), 3);
        let typed = select(&all, &[], &[BotType::Picoclaw], &ALL).unwrap();
        assert_eq!(typed.len(), 2);
    }

    #[test]
    fn a_named_bot_is_never_dropped_and_a_name_must_be_one() {
        let (a, b) = (bot("claw-machine", "pico"), bot("team", "iron"));
        let all = [&a, &b];
        let e = select(&all, &["pico".into()], &[BotType::Ironclaw], &ALL).unwrap_err();
        assert_eq!(
            e.to_string(),
            "claw-machine/pico is not of the type -t asks for (ironclaw); leave out -t or the name"
        );
        let iron = select(&all, &["iron".into()], &[BotType::Ironclaw], &ALL).unwrap();
        assert!(std::ptr::eq(iron[0], &b));
        for bad in ["a/b/c", "/x", "x/", ""] {
            let e = select_one(&all, bad, &ALL).unwrap_err();
            assert!(matches!(e, Error::Usage(_)), "{bad}: {e}");
        }
        let elsewhere = Scope::Namespace("team".into());
        let e = select_one(&all, "claw-machine/pico", &elsewhere).unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"claw-machine/pico\" names namespace \"claw-machine\", but the command looks in namespace \"team\": give one of them"
        );
        assert!(select_one(&all, "team/iron", &elsewhere).is_ok());
    }

    #[test]
    fn an_unknown_name_gets_the_closest_ones_first() {
        let names: Vec<Bot> = (0..12)
            .map(|i| bot("ns", &format!("zz{i}")))
            .chain([bot("claw-machine", "pico"), bot("team", "pico2")])
            .collect();
        let all: Vec<&Bot> = names.iter().collect();
        let e = select_one(&all, "picco", &ALL).unwrap_err();
        let Error::UnknownBot { closest, more, .. } = &e else {
            panic!("{e}")
        };
        assert_eq!(closest.len(), 10);
        assert_eq!(closest[..2], ["claw-machine/pico", "team/pico2"]);
        assert_eq!(*more, 4);
        assert!(
            e.to_string().starts_with(
                "unknown bot \"picco\" in any namespace; closest: claw-machine/pico, team/pico2, "
            ),
            "{e}"
        );
        assert!(e.to_string().ends_with(" and 4 more"), "{e}");
    }
}
