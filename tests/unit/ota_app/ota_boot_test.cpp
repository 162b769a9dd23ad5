// The image after an update: the self-test deadline, and how a rollback is detected and reported.
#include "ota_app_fixture.h"

namespace {

using namespace ota_app;

struct BootTest : AgentTest {
    // Installs 1.1 through the ThingsBoard flow and boots it (PENDING_VERIFY).
    void install_and_boot(uint32_t selftest_s) {
        connect();
        auto file = image("1.1");
        run(announce("1.1", file));
        serve(file);
        ASSERT_EQ(restarts.size(), 1u);
        power_on(selftest_s);
        ASSERT_EQ(boot.desc.version, "1.1");
        ASSERT_EQ(b.active_state(), OtaState::PendingVerify);
        sent.clear();
    }
};

TEST_F(BootTest, AnImageNotOnlineInTimeRestartsAndIsRolledBack) {
    install_and_boot(60);
    agent->note("connecting: TLS handshake failed");
    advance(59999);
    EXPECT_TRUE(restarts.empty());
    advance(1);
    ASSERT_EQ(restarts.size(), 1u);
    EXPECT_TRUE(
        b.log.contains("self-test failed: version 1.1 was not online within 60 s (last state connecting: TLS "
                       "handshake failed)"));

    power_on();  // the bootloader aborts the unconfirmed image
    EXPECT_EQ(boot.desc.version, "1.0");
    connect();
    EXPECT_EQ(joined(kTelemetry),
              "{\"fw_state\":\"FAILED\",\"fw_error\":\"rolled back: version 1.1 did not pass its self-test\"}\n");
    sent.clear();
    power_on();
    connect();
    EXPECT_EQ(joined(kTelemetry), "") << "a rollback is reported once";
}

TEST_F(BootTest, OnlineInTimeCancelsTheDeadline) {
    install_and_boot(60);
    connect();
    agent->on_published();
    EXPECT_EQ(b.active_state(), OtaState::Valid);
    advance(120000);
    EXPECT_TRUE(restarts.empty());
}

TEST_F(BootTest, AValidImageHasNoDeadline) {
    advance(3600 * 1000);
    EXPECT_TRUE(restarts.empty());
}

TEST_F(BootTest, RollbackIsDetectedWithoutARecordToo) {
    install_and_boot(60);
    ASSERT_TRUE(kv->format().ok());  // the record is gone (nvs erased): otadata still tells
    power_on();
    ASSERT_EQ(boot.desc.version, "1.0");
    connect();
    EXPECT_EQ(joined(kTelemetry),
              "{\"fw_state\":\"FAILED\",\"fw_error\":\"rolled back: version 1.1 did not pass its self-test\"}\n");
}

TEST_F(BootTest, CumulocityOperationGets502AfterARollback) {
    use_profile(app::ProfileKind::Cumulocity);
    connect();
    auto file = image("1.1", 0, "iotfw", 5000);
    auto in = profile->parse_inbound("s/ds", "515,dev1,iotfw,1.1,https://fw.local/app.bin");
    run(in.commands.at(0));
    spin();
    std::string head = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(file.size()) + "\r\n\r\n";
    https.push(std::span(reinterpret_cast<const uint8_t*>(head.data()), head.size()));
    https.push(file);
    spin(10);
    ASSERT_EQ(restarts.size(), 1u);
    power_on(30);
    advance(30000);
    ASSERT_EQ(restarts.size(), 1u);
    power_on();
    sent.clear();
    connect();
    EXPECT_EQ(joined("s/us"), "502,c8y_Firmware,rolled back: version 1.1 did not pass its self-test\n");
}

TEST(OtaRollback, NothingToReportOnAFreshDevice) {
    ota::Board b;
    fixtures::put(b.flash, ota::kOta0, app_image("1.0"));
    ASSERT_EQ(b.boot(), "ota_0/1.0");
    EXPECT_FALSE(app::detect_rollback(b.flash, b.running));
}

}  // namespace
