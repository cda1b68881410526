import { registry } from "@web/core/registry";
import { IntegerField, integerField } from "@web/views/fields/integer/integer_field";

/**
 * An integer where 0 means "no upper bound" (an open-ended tariff bracket):
 * shown as ∞ when read, left empty in the input when edited.
 */
export class AcrOpenIntegerField extends IntegerField {
    get formattedValue() {
        if (!this.value) {
            return this.props.readonly ? "∞" : "";
        }
        return super.formattedValue;
    }
}

registry.category("fields").add("acr_open_integer", {
    ...integerField,
    component: AcrOpenIntegerField,
});
