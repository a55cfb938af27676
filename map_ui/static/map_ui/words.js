/*
 * Names for the codes the layer and planning APIs send (ownership, military kind, renovation,
 * housing types), in the page's language; shared by the map page and the planners' pages.
 */
import { gettext } from "./i18n.js";

export const OWNERSHIP = {
  single: gettext("单一产权"),
  multi: gettext("多产权"),
  private: gettext("私产"),
};

export const MILITARY_KIND = {
  unit: gettext("涉军单位"),
  property: gettext("军产小区"),
};

export const RENOVATION = {
  none: gettext("未纳入"),
  planned: gettext("已纳入改造"),
  in_progress: gettext("改造中"),
  done: gettext("已完成"),
};

// Stored values are the Chinese names themselves (HousingProject.HousingType).
export const HOUSING_TYPES = {
  安置房: gettext("安置房"),
  回迁房: gettext("回迁房"),
  福利房: gettext("福利房"),
  商品房: gettext("商品房"),
  平房区: gettext("平房区"),
};
