package co.ziett.demo

object SmsClient {
    private const val API_KEY = "zk_live_paNfhs0gCa05RFRunzqw7wZyVGOe"
    fun headers() = mapOf("X-API-KEY" to API_KEY)
}
