//! How documents cross the boundary: as JS objects both ways, typed by the
//! declarations generated from the Rust types. In, an object is read with
//! the browser's `JSON.stringify` and serde_json, so a field of the wrong
//! type, or one the core does not know, is named by its path, as in a
//! settings file. Out, a value is written by serde_json and made an object
//! by `JSON.parse` (null for none). Both use the serde_json code the core
//! has anyway: serde-wasm-bindgen, measured, added a second copy of every
//! document's (de)serializer, 35 KB gzip-compressed to the first view.
//! Refusals: a [`Failure`] object is thrown, never text; a JavaScript
//! `Error` is a bug.

#[cfg(feature = "engine")]
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::output::page::Failure;
#[cfg(feature = "engine")]
use crate::values::settings::json_message;
use crate::values::{Settings, SettingsParseError};

/// The value as a JS object, or the failure to throw if it cannot be made.
pub(crate) fn answer<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| refuse(Failure::new(format!("could not encode the answer: {e}"))))?;
    js_sys::JSON::parse(&text).map_err(|_| refuse(Failure::new("could not encode the answer")))
}

/// The failure as the JS object to throw.
pub(crate) fn refuse(failure: Failure) -> JsValue {
    serde_json::to_string(&failure)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or_else(|| JsValue::from_str(&failure.error))
}

/// A JS value as JSON text, as `JSON.stringify` writes it (`undefined`
/// properties left out); `undefined` itself is `null`.
fn json_text(value: &JsValue, what: &str) -> Result<String, String> {
    if value.is_undefined() {
        return Ok("null".into());
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| {
            format!("could not read {what}: it is not plain data (a function, a BigInt or a cycle)")
        })
}

/// Reads a request from the page, or the failure to throw naming `what` and
/// the path of the field that is wrong.
#[cfg(feature = "engine")]
pub(crate) fn request<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    let text = json_text(&value, what).map_err(|e| refuse(Failure::new(e)))?;
    if text.len() > 8 * crate::limits::MAX_INPUT_BYTES {
        return Err(refuse(Failure::new(format!(
            "{what} is over 8 MiB; the texts it carries are a few KiB each. Give only the PEM blocks and values."
        ))));
    }
    let mut reader = serde_json::Deserializer::from_str(&text);
    let read = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
        let at = match e.path().to_string() {
            path if path == "." => String::new(),
            path => format!(" at {path}"),
        };
        refuse(Failure::new(format!(
            "could not read {what}{at}: {}",
            json_message(e.inner())
        )))
    })?;
    Ok(read)
}

/// Reads a settings document given as an object or as its JSON text.
pub(crate) fn settings_from_js(value: JsValue) -> Result<Settings, SettingsParseError> {
    match value.as_string() {
        Some(text) => Settings::parse_json(&text),
        None => Settings::parse_json_object(
            &json_text(&value, "the settings").map_err(SettingsParseError)?,
        ),
    }
}

/// A settings document inside a request (an object, or its JSON text),
/// refused as a [`Failure`].
#[cfg(feature = "engine")]
pub(crate) fn settings_in_request(value: serde_json::Value) -> Result<Settings, JsValue> {
    match value {
        serde_json::Value::String(text) => Settings::parse_json(&text),
        value => Settings::parse_json_object(&value.to_string()),
    }
    .map_err(|e| refuse(Failure::new(e.to_string())))
}

/// [`settings_from_js`], refused as a [`Failure`].
#[cfg(feature = "engine")]
pub(crate) fn settings_or_refuse(value: JsValue) -> Result<Settings, JsValue> {
    settings_from_js(value).map_err(|e| refuse(Failure::new(e.to_string())))
}

/// The page's time (`Date.now()`; absent: now), or the failure to throw.
#[cfg(feature = "engine")]
pub(crate) fn page_time(ms: Option<f64>) -> Result<time::OffsetDateTime, JsValue> {
    let ms = ms.unwrap_or_else(js_sys::Date::now);
    now_from_ms(ms).ok_or_else(|| {
        refuse(Failure::new(
            "The page passed an invalid time. Reload the page.",
        ))
    })
}

#[cfg(feature = "engine")]
pub(crate) fn now_from_ms(ms: f64) -> Option<time::OffsetDateTime> {
    if !ms.is_finite() {
        return None;
    }
    time::OffsetDateTime::from_unix_timestamp_nanos((ms as i128).checked_mul(1_000_000)?).ok()
}

/// The import API's input limits are enforced in the core; this one keeps a
/// huge paste from being copied around before it gets there.
#[cfg(feature = "engine")]
pub(crate) fn too_large(text: &str, field: Option<&str>) -> Result<(), JsValue> {
    if text.len() <= crate::limits::MAX_INPUT_BYTES {
        return Ok(());
    }
    let message = "The pasted text is over 1 MiB; a certificate or key is a few KiB. Paste only the PEM blocks.";
    Err(refuse(match field {
        Some(field) => Failure::in_field(message, field),
        None => Failure::new(message),
    }))
}
