/**
 * HA core `components/mqtt/abbreviations.py`: the keys discovery payloads may
 * abbreviate. A subset: the keys of the platforms the simulator plays
 * (sensor, binary_sensor, button, event) and the common entity keys.
 */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  avty: 'availability',
  avty_mode: 'availability_mode',
  avty_t: 'availability_topic',
  avty_tpl: 'availability_template',
  cmd_t: 'command_topic',
  cmd_tpl: 'command_template',
  def_ent_id: 'default_entity_id',
  dev: 'device',
  dev_cla: 'device_class',
  en: 'enabled_by_default',
  ent_cat: 'entity_category',
  ent_pic: 'entity_picture',
  evt_typ: 'event_types',
  exp_aft: 'expire_after',
  frc_upd: 'force_update',
  ic: 'icon',
  json_attr_t: 'json_attributes_topic',
  json_attr_tpl: 'json_attributes_template',
  lrst_val_tpl: 'last_reset_value_template',
  name: 'name',
  o: 'origin',
  obj_id: 'object_id',
  off_dly: 'off_delay',
  p: 'platform',
  pl_avail: 'payload_available',
  pl_not_avail: 'payload_not_available',
  pl_off: 'payload_off',
  pl_on: 'payload_on',
  pl_prs: 'payload_press',
  qos: 'qos',
  ret: 'retain',
  stat_cla: 'state_class',
  stat_t: 'state_topic',
  sug_dsp_prc: 'suggested_display_precision',
  t: 'topic',
  uniq_id: 'unique_id',
  unit_of_meas: 'unit_of_measurement',
  val_tpl: 'value_template',
};

export const DEVICE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  cns: 'connections',
  cu: 'configuration_url',
  ids: 'identifiers',
  name: 'name',
  mf: 'manufacturer',
  mdl: 'model',
  mdl_id: 'model_id',
  hw: 'hw_version',
  sw: 'sw_version',
  sa: 'suggested_area',
  sn: 'serial_number',
  via_device: 'via_device',
};

export const ORIGIN_ABBREVIATIONS: Readonly<Record<string, string>> = {
  name: 'name',
  sw: 'sw_version',
  url: 'support_url',
};

function expand(payload: Record<string, unknown>, table: Readonly<Record<string, string>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [table[k] ?? k, v]));
}

/**
 * discovery.py `async_discovery_message_received`: top-level keys, then `device`, `origin` and `availability` entries.
 */
export function expandAbbreviations(payload: Record<string, unknown>): Record<string, unknown> {
  const out = expand(payload, ABBREVIATIONS);
  if (out.device && typeof out.device === 'object' && !Array.isArray(out.device))
    out.device = expand(out.device as Record<string, unknown>, DEVICE_ABBREVIATIONS);
  if (out.origin && typeof out.origin === 'object' && !Array.isArray(out.origin))
    out.origin = expand(out.origin as Record<string, unknown>, ORIGIN_ABBREVIATIONS);
  if (Array.isArray(out.availability)) {
    out.availability = out.availability.map((a) =>
      a && typeof a === 'object' ? expand(a as Record<string, unknown>, ABBREVIATIONS) : a,
    );
  }
  return out;
}
