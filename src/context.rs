//! The context of an exchange: why it is sent (the purpose), by whom, to whom, and what the
//! sender declares about the care team, consent and opposition (DESIGN §3). The policy decides
//! against it; for an e-mail, what the caller does not give comes from the message's headers.

use crate::extract::Envelope;

/// Default name of the header that carries the purpose in an e-mail.
pub const PURPOSE_HEADER: &str = "X-Tamis-Purpose";

/// What the caller says about an exchange.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Declared purpose (`care_coordination`, `medico_social_follow_up`…).
    pub purpose: Option<String>,
    /// Sender's address.
    pub from: Option<String>,
    /// Recipients' addresses.
    pub to: Vec<String>,
    /// The recipients belong to the patient's care team (CSP L1110-4 II, L1110-12).
    pub care_team: bool,
    /// The person consented to sharing outside the care team (L1110-4 III).
    pub consent: bool,
    /// The person opposed sharing (L1110-4 II): nothing is sent.
    pub opposition: bool,
}

impl Context {
    /// This context completed from an e-mail's headers: sender, recipients (To, Cc, Bcc) and the
    /// purpose header (`purpose_header`, e.g. [`PURPOSE_HEADER`]) fill what the caller left
    /// empty; what the caller gave wins.
    pub fn completed(&self, envelope: Option<&Envelope>, purpose_header: &str) -> Context {
        let mut c = self.clone();
        let Some(env) = envelope else {
            return c;
        };
        if c.purpose.is_none() {
            // An unknown value is no purpose (the policy then treats the exchange as
            // undeclared), never a guess.
            c.purpose = env
                .header(purpose_header)
                .map(|p| p.trim().to_ascii_lowercase())
                .filter(|p| crate::policy::Purpose::NAMES.contains(&p.as_str()));
        }
        if c.from.is_none() {
            c.from = env.from.first().map(|m| m.address.clone());
        }
        if c.to.is_empty() {
            c.to = env
                .to
                .iter()
                .chain(&env.cc)
                .chain(&env.bcc)
                .map(|m| m.address.clone())
                .collect();
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Mailbox;

    fn envelope() -> Envelope {
        let mb = |a: &str| Mailbox {
            address: a.into(),
            name: None,
        };
        Envelope {
            from: vec![mb("ide@ssiad.mssante.fr")],
            to: vec![mb("dr.martin@chu.mssante.fr")],
            cc: vec![mb("secretariat@chu.mssante.fr")],
            bcc: Vec::new(),
            headers: vec![("X-Tamis-Purpose".into(), " Care_Coordination ".into())],
        }
    }

    #[test]
    fn headers_fill_what_the_caller_left_empty() {
        let c = Context::default().completed(Some(&envelope()), PURPOSE_HEADER);
        assert_eq!(c.purpose.as_deref(), Some("care_coordination"));
        assert_eq!(c.from.as_deref(), Some("ide@ssiad.mssante.fr"));
        assert_eq!(
            c.to,
            ["dr.martin@chu.mssante.fr", "secretariat@chu.mssante.fr"]
        );
    }

    #[test]
    fn what_the_caller_gives_wins_and_the_header_name_is_configurable() {
        let given = Context {
            purpose: Some("prevention".into()),
            to: vec!["x@y.mssante.fr".into()],
            ..Context::default()
        };
        let c = given.completed(Some(&envelope()), PURPOSE_HEADER);
        assert_eq!(c.purpose.as_deref(), Some("prevention"));
        assert_eq!(c.to, ["x@y.mssante.fr"]);
        let c = Context::default().completed(Some(&envelope()), "X-Finalite");
        assert_eq!(c.purpose, None);
        let mut odd = envelope();
        odd.headers[0].1 = "soins".into();
        assert_eq!(
            Context::default()
                .completed(Some(&odd), PURPOSE_HEADER)
                .purpose,
            None
        );
    }
}
