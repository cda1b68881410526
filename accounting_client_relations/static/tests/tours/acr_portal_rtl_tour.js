/** @odoo-module **/

import { registry } from "@web/core/registry";

// Inside the viewport horizontally, and not hidden.
function assertShown(selector) {
    const elements = [...document.querySelectorAll(selector)];
    if (!elements.length) {
        throw new Error(`Nothing matches ${selector}`);
    }
    for (const el of elements) {
        const rect = el.getBoundingClientRect();
        if (!rect.width || !rect.height || rect.left < 0 || rect.right > window.innerWidth + 0.5) {
            throw new Error(
                `${selector} is outside the viewport: ${rect.left}-${rect.right} of ${window.innerWidth}`
            );
        }
    }
}

function assertRtlPage() {
    if (document.documentElement.getAttribute("dir") !== "rtl") {
        throw new Error("The Persian portal page is not dir=rtl");
    }
    if (getComputedStyle(document.body).direction !== "rtl") {
        throw new Error("The page's text does not run right to left");
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
        throw new Error(
            `The page is wider than the screen: ${document.documentElement.scrollWidth} > ${window.innerWidth}`
        );
    }
}

// A Persian client books a meeting through the gated flow at phone width:
// every page reads right to left, nothing overflows the screen, the slots
// and the "next week" control are within reach.
registry.category("web_tour.tours").add("acr_portal_rtl_tour", {
    steps: () => [
        {
            content: "The booking page is in Persian, right to left",
            trigger: "html[lang='fa-IR'][dir=rtl] .o_acr_type_card:contains('Tour strategic')",
            run() {
                assertRtlPage();
                assertShown(".o_acr_type_card");
                this.anchor.click();
            },
        },
        {
            content: "What changed: the first kind of change",
            trigger: "html[dir=rtl] input[name=change_kind_ids]:first",
            run: "click",
        },
        {
            content: "In the client's own words",
            trigger: "textarea[name=changes_note]",
            run: "edit دو نیروی جدید استخدام کردیم.",
        },
        {
            content: "Questions for the meeting",
            trigger: "textarea[name=preparation_questions]",
            run: "edit آیا اجاره خودرو هزینه قابل قبول است؟",
        },
        {
            content: "Confirm being prepared",
            trigger: "label[for=client_prepared]",
            run: "click",
        },
        {
            content: "An agenda topic",
            trigger: "input[name=topic_name_0]",
            run: "edit جریان نقدی",
        },
        {
            content: "Its estimated minutes",
            trigger: "input[name=topic_minutes_0]",
            run: "edit 25",
        },
        {
            content: "Go to the slots",
            trigger: "button.o_acr_to_slots",
            run() {
                assertRtlPage();
                this.anchor.click();
            },
        },
        {
            content: "A week of slots, right to left, within the phone's width",
            trigger: "html[dir=rtl] form.o_acr_slots label.o_acr_slot",
            run() {
                assertRtlPage();
                assertShown("label.o_acr_slot");
                assertShown(".o_acr_next_week");
                assertShown("button.o_acr_confirm_slot");
            },
        },
        {
            content: "Pick the first free slot",
            trigger: ".o_acr_slots label.o_acr_slot:first",
            run: "click",
        },
        {
            content: "Book it",
            trigger: "button.o_acr_confirm_slot",
            run: "click",
        },
        {
            content: "The meeting page, in Persian, right to left",
            trigger: "html[dir=rtl] .o_acr_booked",
            run() {
                assertRtlPage();
            },
        },
    ],
});
