// The answers that are files rather than pages: the stylesheet and script,
// Leaflet for the tile map, robots.txt, the icon, the OpenAPI document and
// the streamed exports.
#include <memory>

#include "export/export.h"
#include "web/internal/assets.h"
#include "web/internal/pages.h"
#include "web/internal/routes.h"

namespace memoria::web {
namespace {

constexpr std::string_view kDay = "public, max-age=86400";

Response FileResponse(std::string content_type, std::string body, std::string_view cache) {
  Response r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", std::string(cache));
  return r;
}

Result<Response> Embedded(std::string_view name, std::string_view content_type) {
  for (const internal::EmbeddedFile& f : internal::EmbeddedFiles()) {
    if (f.name == name) {
      return FileResponse(std::string(content_type), std::string(f.data), "public, max-age=3600");
    }
  }
  return NotFoundError("");
}

void PutLe(std::string* out, uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// A 16x16 32-bit ICO drawn here (no binary in the tree): a candle, white
// with a yellow flame, on the site's dark ground.
std::string MakeIcon() {
  constexpr int kSize = 16;
  std::string ico;
  PutLe(&ico, 0, 2);  // ICONDIR: reserved, type 1 (icon), one image
  PutLe(&ico, 1, 2);
  PutLe(&ico, 1, 2);
  const uint32_t image_bytes = 40 + kSize * kSize * 4 + kSize * 4;
  ico += {kSize, kSize, 0, 0};  // ICONDIRENTRY: width, height, no palette, reserved
  PutLe(&ico, 1, 2);            // planes
  PutLe(&ico, 32, 2);           // bits per pixel
  PutLe(&ico, image_bytes, 4);
  PutLe(&ico, 22, 4);  // offset of the image
  // BITMAPINFOHEADER; the height counts the colour and the mask rows.
  for (uint32_t v : {40u, uint32_t{kSize}, uint32_t{2 * kSize}}) PutLe(&ico, v, 4);
  PutLe(&ico, 1, 2);
  PutLe(&ico, 32, 2);
  for (int i = 0; i < 6; ++i) PutLe(&ico, 0, 4);
  for (int y = 0; y < kSize; ++y) {  // bottom row first, BGRA
    for (int x = 0; x < kSize; ++x) {
      uint32_t bgra = 0xFF2A2E3A;                                     // ground
      if (x >= 7 && x <= 8 && y >= 2 && y <= 9) bgra = 0xFFF2F2F2;    // candle
      if (x >= 7 && x <= 8 && y >= 11 && y <= 13) bgra = 0xFF30C0FF;  // flame
      PutLe(&ico, bgra, 4);
    }
  }
  ico.append(kSize * 4, '\0');  // the AND mask: every pixel drawn
  return ico;
}

Result<Response> Export(const RequestContext& ctx, bool csv) {
  Response r;
  r.content_type = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
  r.headers.emplace_back("Content-Disposition", csv ? "attachment; filename=\"memoria.csv\""
                                                    : "attachment; filename=\"memoria.jsonl\"");
  struct State {
    int64_t after = 0;
    bool header_sent = false;
    bool done = false;
  };
  auto state = std::make_shared<State>();
  store::Reader* reader = ctx.reader;
  const std::string& bom_param = ctx.Param("bom");
  if (!bom_param.empty() && bom_param != "0" && bom_param != "1") {
    return InvalidArgumentError("bom must be 0 or 1");
  }
  const bool bom = bom_param == "1";
  r.stream = [state, reader, csv, bom](std::string* piece) -> Result<bool> {
    if (state->done) return false;
    if (csv && !state->header_sent) {
      if (bom) piece->append(exports::kUtf8Bom);
      piece->append(exports::CsvHeader());
      state->header_sent = true;
    }
    int64_t n = 0;
    MEMORIA_RETURN_IF_ERROR(
        reader->ForEachPerson(state->after, 256, [&](const store::PersonView& p) {
          state->after = p.id;
          ++n;
          if (csv) {
            piece->append(exports::PersonCsvRow(p));
          } else {
            MEMORIA_ASSIGN_OR_RETURN(std::string line, exports::PersonJsonLine(p));
            piece->append(line);
          }
          return Status();
        }));
    if (n == 0) state->done = true;
    return !piece->empty() || !state->done;
  };
  return r;
}

}  // namespace

Result<Response> StyleCss(const RequestContext&) {
  return Embedded("style.css", "text/css; charset=utf-8");
}

Result<Response> MapJs(const RequestContext&) {
  return Embedded("map.js", "text/javascript; charset=utf-8");
}

Result<Response> LeafletJs(const RequestContext& ctx) {
  const MapConfig& map = ctx.site->map();
  if (map.tiles.empty()) return NotFoundError("");
  return FileResponse("text/javascript; charset=utf-8", map.leaflet_js, kDay);
}

Result<Response> LeafletCss(const RequestContext& ctx) {
  const MapConfig& map = ctx.site->map();
  if (map.tiles.empty()) return NotFoundError("");
  return FileResponse("text/css; charset=utf-8", map.leaflet_css, kDay);
}

Result<Response> RobotsTxt(const RequestContext&) {
  // Every page is public; no sitemap or other host is named.
  return FileResponse("text/plain; charset=utf-8", "User-agent: *\nAllow: /\n", kDay);
}

Result<Response> Favicon(const RequestContext&) {
  static const std::string kIcon = MakeIcon();
  return FileResponse("image/x-icon", kIcon, "public, max-age=604800");
}

Result<Response> OpenApiJson(const RequestContext&) {
  static const std::string kBody =
      internal::OpenApiDocument().dump(1, ' ', false, nlohmann::json::error_handler_t::replace) +
      "\n";
  return FileResponse("application/json; charset=utf-8", kBody, "public, max-age=3600");
}

Result<Response> ExportJsonl(const RequestContext& ctx) { return Export(ctx, false); }
Result<Response> ExportCsv(const RequestContext& ctx) { return Export(ctx, true); }

}  // namespace memoria::web
