import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';

const labels = ['很不满意', '不满意', '一般', '满意', '非常满意'];

/** The end-of-conversation satisfaction rating: five stars, then a thank-you. */
export function RatingPanel({ rated, onRate, onClose }: { rated: number | null; onRate: (score: number) => void; onClose: () => void }): JSX.Element {
  const [hover, setHover] = useState(0);
  if (rated !== null) {
    return (
      <View className='kefu-rating done'>
        <Text className='kefu-rating-thanks'>感谢您的评价（{labels[rated - 1]}）</Text>
      </View>
    );
  }
  return (
    <View className='kefu-rating'>
      <Text className='kefu-rating-title'>请为本次服务评分</Text>
      <View className='kefu-stars'>
        {[1, 2, 3, 4, 5].map((score) => (
          <Text key={score} className={score <= hover ? 'kefu-star on' : 'kefu-star'} data-score={score} onClick={() => onRate(score)} onTouchStart={() => setHover(score)}>
            ★
          </Text>
        ))}
      </View>
      <Button className='kefu-btn kefu-rating-close' onClick={onClose}>
        以后再说
      </Button>
    </View>
  );
}
