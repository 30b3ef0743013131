// Writers for the key inventory: a rotation checklist (text), JSON, and Markdown for a ticket.
#pragma once

#include <ostream>
#include <string_view>

#include "audit/inventory.hpp"
#include "model/types.hpp"
#include "report/report.hpp"

namespace zkscan::audit {

// What the writers print around the entries: `run` carries root, HEAD, errors, notes, summary.
struct AuditReport {
  const Report& run;
  const Inventory& inventory;
  const Filter& filter;
};

void write_text(const AuditReport& report, const report::Style& style, std::ostream& out);
void write_json(const AuditReport& report, const report::Style& style, std::ostream& out);
void write_markdown(const AuditReport& report, const report::Style& style, std::ostream& out);

// Dispatches on --format (text, json, markdown); throws zkscan::Error for another name.
void write(const AuditReport& report, std::string_view format, const report::Style& style,
           std::ostream& out);

}  // namespace zkscan::audit
