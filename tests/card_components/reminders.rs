//! The help accordion, and text only screen readers see.

use super::*;

fn reminder_props(entity: bool, template: bool) -> ReminderAccordionProps {
    yew::props!(ReminderAccordionProps {
        show_entity_reminder: entity,
        show_template_reminder: template,
    })
}

const ENTITY_Q: &str = "Why am I not seeing any workspaces?";
const TEMPLATE_Q: &str = "Why can't I make a new workspace?";

#[wasm_bindgen_test]
async fn reminders_show_only_what_applies() {
    for (entity, template, expected) in [
        (false, false, vec![]),
        (false, true, vec![TEMPLATE_Q]),
        (true, false, vec![ENTITY_Q]),
        (true, true, vec![ENTITY_Q, TEMPLATE_Q]),
    ] {
        let m = mount::<ReminderAccordion>(reminder_props(entity, template)).await;
        let buttons: Vec<_> = m
            .all("button")
            .iter()
            .map(|b| text(b).trim_start_matches(['\u{25BA}', ' ']).to_owned())
            .collect();
        assert_eq!(buttons, expected);
        if expected.is_empty() {
            assert!(m.try_find("[role=group]").is_none(), "renders nothing");
        } else {
            let group = m.find("[role=group]");
            assert_eq!(attr(&group, "aria-label").as_deref(), Some("Help"));
        }
        m.unmount().await;
    }
}

#[wasm_bindgen_test]
async fn reminders_open_one_at_a_time() {
    let m = mount::<ReminderAccordion>(reminder_props(true, true)).await;
    let buttons = m.all("button");
    let panel = |b: &Element| m.find(&format!("#{}", attr(b, "aria-controls").unwrap()));
    let expanded = |b: &Element| attr(b, "aria-expanded").unwrap();
    let hidden = |b: &Element| panel(b).has_attribute("hidden");
    for b in &buttons {
        assert_eq!(expanded(b), "false");
        assert!(hidden(b), "collapsed panels exist but are hidden");
        assert_eq!(
            attr(&b.first_element_child().unwrap(), "aria-hidden").as_deref(),
            Some("true")
        );
    }

    click(&buttons[0]);
    settle().await;
    assert_eq!(expanded(&buttons[0]), "true");
    assert!(!hidden(&buttons[0]));
    assert!(text(&panel(&buttons[0])).starts_with("This card lists the workspaces"));
    assert!(text(&panel(&buttons[0])).contains("backstage.io/source-location"));

    click(&buttons[1]);
    settle().await;
    assert_eq!(expanded(&buttons[0]), "false");
    assert!(hidden(&buttons[0]), "opening one closes the other");
    assert_eq!(expanded(&buttons[1]), "true");
    let body = text(&panel(&buttons[1]));
    assert!(body.contains("workspaces.defaultTemplateName"), "{body}");
    assert!(body.contains("spec.coder.templateName"), "{body}");

    click(&buttons[1]);
    settle().await;
    assert_eq!(expanded(&buttons[1]), "false");
    assert!(hidden(&buttons[1]), "clicking the open one closes it");
    m.unmount().await;
}

#[wasm_bindgen_test]
async fn visually_hidden_text_is_in_the_tree() {
    let m = mount::<VisuallyHidden>(yew::props!(VisuallyHiddenProps {
        children: html! { "for screen readers" },
    }))
    .await;
    let span = m.find("span.sr-only");
    assert_eq!(text(&span), "for screen readers");
    let span: &HtmlElement = span.unchecked_ref();
    assert!(span.offset_width() <= 1 && span.offset_height() <= 1);
    m.unmount().await;
}
